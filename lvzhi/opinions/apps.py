from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "lvzhi.opinions"
    verbose_name = "社情民意"

    def ready(self) -> None:
        from lvzhi.opinions import duty  # noqa: F401  (it registers its kinds)
