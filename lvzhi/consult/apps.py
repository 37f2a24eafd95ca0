from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "lvzhi.consult"
    verbose_name = "协商议政"

    def ready(self) -> None:
        from lvzhi.consult import duty, signals  # noqa: F401  (they register themselves)
