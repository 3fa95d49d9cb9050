"""django-import-export resources for the roster.

RosterResource: the canonical Chinese columns, used for the download template and the export
(masking decided per member by the caller). BaselineMemberResource: a plain ModelResource with
default options, only for the benchmark's comparison (bench/import_roster.py)."""

from import_export import fields, resources

from members.importing.headers import COLUMNS
from members.roster.models import Member
from members.templatetags.masking import mask

CHOICE_FIELDS = ("gender", "education", "status", "category")
SENSITIVE = ("id_number", "phone")


class RosterResource(resources.ModelResource):
    organization = fields.Field(column_name="所在党组织", attribute="organization__name")
    party_group = fields.Field(column_name="党小组", attribute="party_group__name")

    class Meta:
        model = Member
        fields = tuple(c.field for c in COLUMNS)
        export_order = fields

    def __init__(self, unmask=None, **kwargs):
        """`unmask(member) -> bool`: whether this member's ID number and phone go out in full."""
        super().__init__(**kwargs)
        self.unmask = unmask or (lambda member: False)
        labels = {c.field: c.label for c in COLUMNS}
        for name, field in self.fields.items():
            field.column_name = labels.get(name, field.column_name)

    def export_field(self, field, instance, **kwargs):
        name = self.get_field_name(field)
        if name in CHOICE_FIELDS:
            return getattr(instance, f"get_{name}_display")()
        value = super().export_field(field, instance, force_native_type=True, **kwargs)
        if name in SENSITIVE and value and not self.unmask(instance):
            return mask(value)
        return value if value is not None else ""

    def row(self, instance) -> list:
        return [self.export_field(field, instance) for field in self.export_fields]

    @property
    def export_fields(self):
        if not hasattr(self, "_export_fields"):
            self._export_fields = self.get_export_fields()
        return self._export_fields


class BaselineMemberResource(resources.ModelResource):
    """What django-import-export does out of the box (one query or more per row)."""

    class Meta:
        model = Member
        import_id_fields = ("id_number",)
        fields = (
            "name", "gender", "ethnicity", "birth_date", "id_number", "education", "phone", "job",
            "joined_on", "confirmed_on", "status", "category", "organization",
        )
