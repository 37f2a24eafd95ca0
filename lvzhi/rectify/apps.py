from django.apps import AppConfig


class RectifyConfig(AppConfig):
    name = "lvzhi.rectify"
    verbose_name = "整改台账"

    def ready(self) -> None:
        from lvzhi.rectify import figures, permissions  # noqa: F401  (they register themselves)
