from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    verbose_name = "核心"

    def ready(self) -> None:
        # Each app declares its permission rules, summary figures and check-in activities in modules of these names.
        autodiscover_modules("permissions", "figures", "checkin")
