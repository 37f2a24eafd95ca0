"""The default org-life rules (reference/domain.md §9) for the committees that exist already."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SINCE = date(2018, 10, 28)
RULES = [
    ("general", "quarter", 1),
    ("committee", "month", 1),
    ("group", "month", 1),
    ("lecture", "quarter", 1),
    ("theme_day", "month", 1),
    ("life", "year", 1),
    ("appraisal", "year", 1),
]


def install(apps, schema_editor):
    Committee = apps.get_model("org", "Committee")
    RhythmRule = apps.get_model("party", "RhythmRule")
    OrgLifePolicy = apps.get_model("party", "OrgLifePolicy")
    for committee in Committee.objects.all():
        if RhythmRule.objects.filter(committee=committee).exists():
            continue
        RhythmRule.objects.bulk_create(
            RhythmRule(committee=committee, meeting_kind=k, period=p, min_count=n, effective_from=SINCE)
            for k, p, n in RULES
        )
        OrgLifePolicy.objects.create(
            committee=committee, effective_from=SINCE, late_entry_days=7, quorum_ratio=Decimal("0.50")
        )


class Migration(migrations.Migration):
    dependencies = [("party", "0002_orglife"), ("org", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
