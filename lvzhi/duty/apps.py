from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "lvzhi.duty"
    verbose_name = "履职"

    def ready(self) -> None:
        from lvzhi.duty import signals  # noqa: F401  (it registers itself)
