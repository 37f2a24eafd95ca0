from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "lvzhi.consult"
    verbose_name = "协商议政"
