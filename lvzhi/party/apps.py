from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "lvzhi.party"
    verbose_name = "党建"

    def ready(self) -> None:
        from lvzhi.org.extensions import register_roster_field
        from lvzhi.party.io import BranchField

        register_roster_field(BranchField())
