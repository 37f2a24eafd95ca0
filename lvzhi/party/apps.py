from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "lvzhi.party"
    verbose_name = "党建"

    def ready(self) -> None:
        from lvzhi.org.extensions import register_person_check, register_roster_field
        from lvzhi.party import duty, signals  # noqa: F401  (they register themselves)
        from lvzhi.party.io import BranchField, political_change_problems

        register_roster_field(BranchField())
        register_person_check(political_change_problems)
