from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "lvzhi.setup"
    label = "setup"
    verbose_name = "初始设置"
