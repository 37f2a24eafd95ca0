from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "lvzhi.duty"
    verbose_name = "履职"
