"""The default scoring scheme (lvzhi/duty/defaults.py) for the committees that exist already."""

from django.db import migrations


def install(apps, schema_editor):
    from lvzhi.duty import defaults

    models = {
        name: apps.get_model("duty", name) for name in ("ScoringScheme", "ScoreItem", "GradeBand", "RemovalRule")
    }
    for committee_id in apps.get_model("org", "Committee").objects.values_list("pk", flat=True):
        defaults.install(committee_id, models)


class Migration(migrations.Migration):
    dependencies = [("duty", "0002_archive_and_scoring"), ("org", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
