from decimal import Decimal

from django.db import migrations

# docs/domain.md §4 default monthly rates on after-tax income.
DEFAULT_RATES = [
    ("employed", "0", "3000", "0.5", None),
    ("employed", "3000", "5000", "1.0", None),
    ("employed", "5000", "10000", "1.5", None),
    ("employed", "10000", None, "2.0", None),
    ("retired", "0", "5000", "0.5", None),
    ("retired", "5000", None, "1.0", None),
    ("fixed", "0", None, None, "0.2"),
]


def add_rates(apps, schema_editor):
    DuesRate = apps.get_model("members", "DuesRate")
    if DuesRate.objects.exists():
        return
    for group, above, up_to, percent, fixed in DEFAULT_RATES:
        DuesRate.objects.create(
            group=group,
            income_above=Decimal(above),
            income_up_to=Decimal(up_to) if up_to else None,
            percent=Decimal(percent) if percent else None,
            fixed_amount=Decimal(fixed) if fixed else None,
        )


def remove_rates(apps, schema_editor):
    apps.get_model("members", "DuesRate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0002_pipeline_dues_imports_transfers")]
    operations = [migrations.RunPython(add_rates, remove_rates)]
