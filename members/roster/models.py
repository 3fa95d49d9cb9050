"""The roster's records: the member, the choices that describe one, and the personal-data access log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.scope import RestrictedQuerySet
from members.validators import id_birth_date, id_gender, normalize_id_number, validate_id_number


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class MemberStatus(models.TextChoices):
    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"


class MemberCategory(models.TextChoices):
    EMPLOYED = "employed", "在职"
    RETIRED = "retired", "离退休"
    STUDENT = "student", "学生"
    FLOATING = "floating", "流动党员"
    LOST = "lost", "失联党员"


class Education(models.TextChoices):
    PRIMARY = "primary", "小学及以下"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中、中专"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "大学本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


class MemberQuerySet(RestrictedQuerySet):
    def current(self):
        """Members on the roll now (not archived, not transferred out)."""
        return self.filter(archived_on__isnull=True)


class Member(models.Model):
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    birth_date = models.DateField("出生日期")
    id_number = models.CharField("公民身份号码", max_length=18, unique=True, validators=[validate_id_number])
    education = models.CharField("学历", max_length=12, choices=Education.choices, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    job = models.CharField("工作岗位", max_length=60, blank=True)
    joined_on = models.DateField("入党日期")
    confirmed_on = models.DateField("转正日期", null=True, blank=True)
    status = models.CharField("党员状态", max_length=16, choices=MemberStatus.choices, default=MemberStatus.FULL)
    category = models.CharField("人员类别", max_length=12, choices=MemberCategory.choices, default=MemberCategory.EMPLOYED)
    organization = models.ForeignKey(
        "branches.Organization", on_delete=models.PROTECT, related_name="members", verbose_name="所在党组织"
    )
    party_group = models.ForeignKey(
        "branches.PartyGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="members", verbose_name="党小组"
    )
    declared_income = models.DecimalField(
        "月收入（税后，元）", max_digits=10, decimal_places=2, null=True, blank=True,
        help_text="在职为工资收入，离退休为离退休费；用于计算党费。",
    )
    low_income = models.BooleanField("失业或享受低保", default=False)
    archived_on = models.DateField("移出日期", null=True, blank=True)
    archive_reason = models.CharField("移出原因", max_length=100, blank=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="党员信息变更记录")

    class Meta:
        verbose_name = verbose_name_plural = "党员"
        ordering = ["organization", "name"]
        indexes = [models.Index(fields=["organization", "archived_on"], name="member_org_current_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:member", args=[self.pk])

    def clean(self):
        errors = {}
        self.id_number = normalize_id_number(self.id_number)
        if len(self.id_number) == 18 and id_birth_date(self.id_number):
            if self.birth_date and id_birth_date(self.id_number) != self.birth_date:
                errors["birth_date"] = "出生日期与公民身份号码不一致。"
            if self.gender and self.id_number[16].isdigit() and id_gender(self.id_number) != self.gender:
                errors["gender"] = "性别与公民身份号码不一致。"
        if self.birth_date and self.joined_on and self.joined_on <= self.birth_date:
            errors["joined_on"] = "入党日期应晚于出生日期。"
        if self.status == MemberStatus.PROBATIONARY and self.confirmed_on:
            errors["confirmed_on"] = "预备党员没有转正日期。"
        if self.confirmed_on and self.joined_on and self.confirmed_on <= self.joined_on:
            errors["confirmed_on"] = "转正日期应晚于入党日期。"
        if self.party_group_id and self.organization_id and self.party_group.branch_id != self.organization_id:
            errors["party_group"] = "党小组不属于该党员所在支部。"
        if errors:
            raise ValidationError(errors)


class PersonalDataLog(models.Model):
    """Who saw or exported personal data unmasked (PIPL), and who was told that an ID number is on a roll
    (身份证号查重); when. Append-only."""

    class Action(models.TextChoices):
        VIEW = "view", "查看完整信息"
        EXPORT = "export", "导出"
        ID_LOOKUP = "id_lookup", "身份证号查重"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(
        "branches.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField("说明", max_length=200, blank=True)
    unmasked = models.BooleanField("含完整个人信息", default=False)
    record_count = models.PositiveIntegerField("记录数", default=1)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "个人信息访问记录"
        ordering = ["-at"]
