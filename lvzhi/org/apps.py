from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "lvzhi.org"
    verbose_name = "组织"

    def ready(self) -> None:
        from lvzhi.core.transfer import Exporter, Importer, register_exporter, register_importer
        from lvzhi.org.roster import roster_export, roster_import

        register_importer(Importer("roster", "委员名册", roster_import))
        register_exporter(Exporter("roster", "委员名册", roster_export))
