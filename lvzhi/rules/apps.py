from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "lvzhi.rules"
    verbose_name = "规章制度"

    def ready(self) -> None:
        from lvzhi.rules import figures, permissions  # noqa: F401  (they register themselves)
