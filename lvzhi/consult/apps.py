from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "lvzhi.consult"
    verbose_name = "协商议政"

    def ready(self) -> None:
        from lvzhi.consult import duty, signals  # noqa: F401  (they register themselves)
        from lvzhi.consult.io import suggestions_import
        from lvzhi.core.transfer import Importer, register_importer

        register_importer(
            Importer(
                "suggestions",
                "意见建议",
                lambda *, create_missing=False, **kw: suggestions_import(**kw),
            )
        )
