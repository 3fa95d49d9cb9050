import django_tables2 as tables

from branches.models import HostUnit


class HostUnitTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="单位名称")
    has_organization = tables.BooleanColumn(verbose_name="已建党组织", yesno="是,否", orderable=True)

    class Meta:
        model = HostUnit
        fields = ["name", "unit_type", "industry", "region", "employees", "party_member_count", "has_organization"]
        attrs = {"class": "table"}
        empty_text = "没有符合条件的单位。"
