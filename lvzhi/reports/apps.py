from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lvzhi.reports"
    verbose_name = "统计与综述"
