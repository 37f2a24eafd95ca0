"""The default consultation forms (reference/domain.md §5.4) for the committees that exist already."""

from django.db import migrations

FORMS = [
    ("quanti_huiyi", "全体会议协商"),
    ("zhuanti_yizheng", "专题议政性常委会议"),
    ("zhuanti", "专题协商"),
    ("zhuanti_diaoyan", "专题调研协商"),
    ("duikou", "对口协商"),
    ("jiebie", "界别协商"),
    ("tian_banli", "提案办理协商"),
    ("shuangzhou", "双周协商座谈会"),
    ("wei_xieshang", "微协商"),
]


def install(apps, schema_editor):
    Committee = apps.get_model("org", "Committee")
    ConsultationForm = apps.get_model("consult", "ConsultationForm")
    for committee in Committee.objects.all():
        if ConsultationForm.objects.filter(committee=committee).exists():
            continue
        ConsultationForm.objects.bulk_create(
            ConsultationForm(committee=committee, code=code, name=name, order=i)
            for i, (code, name) in enumerate(FORMS, 1)
        )


class Migration(migrations.Migration):
    dependencies = [("consult", "0001_initial"), ("org", "0002_unit")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
