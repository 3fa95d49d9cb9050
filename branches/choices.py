from django.db import models


class OrgKind(models.TextChoices):
    WORK_COMMITTEE = "work_committee", "工委"
    INDUSTRY_COMMITTEE = "industry_committee", "行业党委"
    COMMITTEE = "committee", "基层党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"


BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.JOINT_BRANCH)
COMMITTEE_KINDS = (OrgKind.WORK_COMMITTEE, OrgKind.INDUSTRY_COMMITTEE, OrgKind.COMMITTEE)


class FoundingMode(models.TextChoices):
    SINGLE = "single", "单独建"
    JOINT = "joint", "联合建"
    RELIANT = "reliant", "依托建"
    AFFILIATED = "affiliated", "挂靠建"
    GRID = "grid", "网格建"


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    DISSOLVED = "dissolved", "已撤销"


class CommitteeRole(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy", "副书记"
    ORGANIZATION = "organization", "组织委员"
    PROPAGANDA = "propaganda", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    MEMBER = "member", "委员"


class UnitType(models.TextChoices):
    PRIVATE_ENTERPRISE = "private_enterprise", "非公企业"
    SOCIAL_ORGANIZATION = "social_organization", "社会组织"
    GOVERNMENT = "government", "机关"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    STATE_ENTERPRISE = "state_enterprise", "国有企业"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"
