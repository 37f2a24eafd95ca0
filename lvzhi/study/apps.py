from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "lvzhi.study"
    verbose_name = "理论学习"
