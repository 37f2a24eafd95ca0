from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "lvzhi.study"
    verbose_name = "理论学习"

    def ready(self) -> None:
        from lvzhi.study import duty  # noqa: F401  (it registers its kinds)
