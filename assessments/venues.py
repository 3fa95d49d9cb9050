"""Writes for the branch's 活动阵地 record against the 九有 checklist."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.scope import CHANGE, require
from assessments.choices import ASSESSED_KINDS, VenueItem
from assessments.models import Venue


@transaction.atomic
def save_venue(*, organization, user, items, address: str = "", note: str = "") -> Venue:
    require(user, CHANGE, organization.path)
    if organization.kind not in ASSESSED_KINDS:
        raise ValidationError("活动阵地在党支部或党总支登记。")
    unknown = set(items) - set(VenueItem.values)
    if unknown:
        raise ValidationError("未知的阵地项目。")
    venue, _ = Venue.objects.get_or_create(organization=organization)
    venue.items = [v for v in VenueItem.values if v in set(items)]
    venue.address, venue.note = address.strip(), note.strip()
    venue.full_clean()
    venue._history_user = user
    venue.save()
    return venue
