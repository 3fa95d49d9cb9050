"""The demo world, in order: the tree and its units, then members, the pipeline and dues, meetings,
and the assessment campaign. Each step receives the root of the new tree and the same seeded
random generator, so a scale and a seed always give the same world."""

import random
from datetime import date

from django.db import transaction

from branches.models import Organization
from demo import tree
from demo.assessments import seed_assessments
from demo.meetings import seed_meetings
from demo.pipeline import seed_pipeline_and_dues
from demo.roster import seed_members

SCALES = tree.SPECS
STEPS = [seed_members, seed_pipeline_and_dues, seed_meetings, seed_assessments]


def root_code(scale: str) -> str:
    return f"{SCALES[scale].prefix}0001"


def seed(scale: str, seed: int, today: date) -> Organization | None:
    """Write the world for `scale`; None (and nothing written) when it is already there."""
    if Organization.objects.filter(code=root_code(scale)).exists():
        return None
    rng = random.Random(seed)
    with transaction.atomic():
        root = tree.seed_tree(SCALES[scale], rng, today)
        for step in STEPS:
            step(root, rng, today, scale)
    return root
