from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    name = "lvzhi.liaison"
    verbose_name = "联系项目"

    def ready(self) -> None:
        from lvzhi.liaison import duty  # noqa: F401  (it registers its kinds)
