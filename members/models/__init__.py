from members.models.dues import DuesRate, DuesRecord
from members.models.imports import ImportJob
from members.models.pipeline import Applicant, PipelineRules, PipelineStep
from members.models.roster import (
    Education,
    Gender,
    Member,
    MemberCategory,
    MemberQuerySet,
    MemberStatus,
    MemberTransfer,
    PersonalDataLog,
    TransferDirection,
    TransferStatus,
)

__all__ = [
    "Applicant", "DuesRate", "DuesRecord", "Education", "Gender", "ImportJob", "Member", "MemberCategory",
    "MemberQuerySet", "MemberStatus", "MemberTransfer", "PersonalDataLog", "PipelineRules", "PipelineStep",
    "TransferDirection", "TransferStatus",
]
