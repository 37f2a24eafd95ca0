from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "lvzhi.rules"
    verbose_name = "规章制度"
