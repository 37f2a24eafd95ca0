from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "lvzhi.service"
    verbose_name = "为民服务"

    def ready(self) -> None:
        from lvzhi.service import duty  # noqa: F401  (it registers its kinds)
