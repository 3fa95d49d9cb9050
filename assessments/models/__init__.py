"""示范党支部 creation and assessment (docs/domain.md §5), one module per area: schemes and criteria,
campaigns and phases, one branch's participation (plan, tasks, scored items, evidence), problems and
their rectification, the 九有 venue. Choices live in assessments.choices."""

from assessments.models.campaigns import Campaign, CampaignPhase
from assessments.models.participation import Evidence, ItemAssessment, Participation, Plan, PlanTask
from assessments.models.problems import Problem, Rectification
from assessments.models.schemes import CENT, Criterion, Scheme
from assessments.models.venues import Venue

__all__ = [
    "CENT", "Campaign", "CampaignPhase", "Criterion", "Evidence", "ItemAssessment", "Participation", "Plan",
    "PlanTask", "Problem", "Rectification", "Scheme", "Venue",
]
