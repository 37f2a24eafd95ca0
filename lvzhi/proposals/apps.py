from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "lvzhi.proposals"
    verbose_name = "提案"

    def ready(self) -> None:
        from lvzhi.proposals import duty  # noqa: F401  (registers its duty kinds)
