from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "lvzhi.meetings"
    verbose_name = "会议"

    def ready(self) -> None:
        from lvzhi.meetings import duty  # noqa: F401  (it registers its kinds)
