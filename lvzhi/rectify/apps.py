from django.apps import AppConfig


class RectifyConfig(AppConfig):
    name = "lvzhi.rectify"
    verbose_name = "整改台账"
