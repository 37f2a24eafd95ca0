from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "lvzhi.portal"
    verbose_name = "门户"
