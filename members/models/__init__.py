"""Every model of the members app, for Django (which loads `members.models`) and for the other apps.
Each model is defined in its area's package; ImportJob still lives in members/models/imports.py."""

from members.dues.models import DuesRate, DuesRecord
from members.models.imports import ImportJob
from members.pipeline.models import Applicant, PipelineRules, PipelineStep
from members.roster.models import (
    Education,
    Gender,
    Member,
    MemberCategory,
    MemberQuerySet,
    MemberStatus,
    PersonalDataLog,
)
from members.transfers.models import MemberTransfer, TransferDirection, TransferStatus

__all__ = [
    "Applicant", "DuesRate", "DuesRecord", "Education", "Gender", "ImportJob", "Member", "MemberCategory",
    "MemberQuerySet", "MemberStatus", "MemberTransfer", "PersonalDataLog", "PipelineRules", "PipelineStep",
    "TransferDirection", "TransferStatus",
]
