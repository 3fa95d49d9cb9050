"""Mark OrgFigures stale when a record they count is saved or deleted through the ORM. Bulk writes
(seeding) send no signals: the figures catch up at DASHBOARD_FIGURES_MAX_AGE_MINUTES or on the next
day; the roster import sends members.signals.members_written, which marks them at once."""

from django.db.models.signals import post_delete, post_save, pre_save

from dashboards import figures


def _organization(sender, instance, **kwargs):
    figures.mark_stale([instance.pk])


def _by_organization(sender, instance, **kwargs):
    figures.mark_stale([instance.organization_id])


def _member_moving(sender, instance, **kwargs):
    """A member saved into another organization leaves the old one's figures out of date too."""
    if instance.pk:
        figures.mark_stale(sender.objects.filter(pk=instance.pk).values_list("organization_id", flat=True))


def _party_group(sender, instance, **kwargs):
    figures.mark_stale([instance.branch_id])


def _transfer(sender, instance, **kwargs):
    figures.mark_stale([instance.from_organization_id, instance.to_organization_id, instance.member.organization_id])


def _requirement(sender, instance, **kwargs):
    if instance.organization_id:
        figures.mark_stale([instance.organization_id])
    else:
        figures.mark_all_stale()


def _members_written(sender, organization_ids, **kwargs):
    figures.mark_stale(organization_ids)


def _rules(sender, instance, **kwargs):
    figures.mark_all_stale()


def connect():
    from activities.models import Meeting, Requirement
    from branches.models import CommitteeMember, Organization, PartyGroup, RuleSet
    from members.models import Member, MemberTransfer

    for model, handler in [
        (Organization, _organization), (Meeting, _by_organization), (Member, _by_organization),
        (CommitteeMember, _by_organization), (PartyGroup, _party_group), (MemberTransfer, _transfer),
        (Requirement, _requirement), (RuleSet, _rules),
    ]:
        post_save.connect(handler, sender=model, dispatch_uid=f"dashboards-{model.__name__}-save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"dashboards-{model.__name__}-delete")
    pre_save.connect(_member_moving, sender=Member, dispatch_uid="dashboards-Member-move")
    from members.signals import members_written

    members_written.connect(_members_written, dispatch_uid="dashboards-members-written")
