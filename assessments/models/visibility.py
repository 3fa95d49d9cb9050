"""Querysets seen beyond their owner's subtree: a scheme by the branches of a campaign using it, a
campaign by the branches taking part. The wider view follows a reverse relation, read from the model's
meta at query time, so a model module never imports the models above it."""

from django.db.models import Exists, OuterRef, Q

from accounts.scope import VIEW, RestrictedQuerySet, scope_q


class WiderViewQuerySet(RestrictedQuerySet):
    """Scoped by `scope_path_field`; for VIEW, also each row that a row of the reverse relation
    `visible_through` the user may view points at."""

    visible_through = ""

    def also_visible(self, user) -> Q:
        relation = self.model._meta.get_field(self.visible_through)
        visible = relation.related_model._default_manager.restrict(user, VIEW)
        return Q(Exists(visible.filter(**{relation.field.name: OuterRef("pk")})))

    def restrict(self, user, action=VIEW):
        q = scope_q(user, action, self.scope_path_field)
        if q is None:
            return self
        return self.filter(q | self.also_visible(user) if action == VIEW else q)
