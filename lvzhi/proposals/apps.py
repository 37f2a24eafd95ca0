from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "lvzhi.proposals"
    verbose_name = "提案"

    def ready(self) -> None:
        from lvzhi.core.transfer import Importer, register_importer
        from lvzhi.proposals import duty  # noqa: F401  (registers its duty kinds)
        from lvzhi.proposals.io import import_into_current_session

        register_importer(Importer("proposals", "提案", import_into_current_session))
