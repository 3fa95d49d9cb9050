"""The lists behind the dashboard's figures. Each counts exactly what its figure counts (the same
selector), narrowed to what the user may see, and gives rows for the page and for xlsx export."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, FloatField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse

from accounts.scope import VIEW
from activities.choices import MeetingKind
from branches.choices import UnitType
from branches.models import HostUnit, RuleSet
from dashboards.dimensions import BY_KEY
from dashboards.focus import Focus
from dashboards.models import LifeFigures
from dashboards.selectors.coverage import metrics, unit_ids_sql
from dashboards.selectors.people import committee_gaps, elected_organizations, election_q
from members.models import Applicant, Member, MemberStatus
from members.pipeline.models import STAGE_ORDER, Stage
from members.pipeline.rules import STAGE_DATE_FIELD


@dataclass
class Cell:
    text: object
    url: str | None = None


class BaseList:
    name = ""
    headers: list[str] = []
    personal = False  # rows about people: exports are logged

    def __init__(self, focus: Focus, params, user, rules: RuleSet):
        self.focus, self.params, self.user, self.rules = focus, params, user, rules
        self.title = self.build_title()

    def build_title(self) -> str:
        raise NotImplementedError

    def queryset(self):
        raise NotImplementedError

    def row(self, obj) -> list[Cell]:
        raise NotImplementedError

    def param(self, key: str, allowed, default: str = "") -> str:
        value = self.params.get(key, "") or default
        if value not in allowed:
            raise Http404("参数无效。")
        return value


def _org(org) -> Cell:
    return Cell(org.name, org.get_absolute_url())


class UnitList(BaseList):
    name = "units"
    headers = ["单位名称", "统一社会信用代码", "单位类型", "行业", "行政区划", "从业人员", "党员", "正式党员",
               "覆盖党组织", "党建指导员"]

    def build_title(self):
        found = {m.key: m.label for m in metrics(self.rules)}
        self.metric = self.param("metric", found, "total")
        self.unit_type = self.param("unit_type", ["", *UnitType.values])
        label = found[self.metric] if self.metric != "total" else "全部单位"
        return label + (f"（{UnitType(self.unit_type).label}）" if self.unit_type else "")

    def queryset(self):
        units = HostUnit.objects.restrict(self.user, VIEW).filter(pk__in=unit_ids_sql(self.focus, self.rules, self.metric))
        if self.unit_type:
            units = units.filter(unit_type=self.unit_type)
        return (units.select_related("industry", "region", "instructor")
                .prefetch_related("organizations").order_by("region__code", "name", "pk"))

    def row(self, unit):
        covering = "、".join(o.name for o in unit.organizations.all() if o.is_active)
        return [Cell(unit.name, unit.get_absolute_url()), Cell(unit.credit_code), Cell(unit.get_unit_type_display()),
                Cell(unit.industry or ""), Cell(unit.region or ""), Cell(unit.employees), Cell(unit.party_member_count),
                Cell(unit.full_member_count), Cell(covering), Cell(unit.instructor or "")]


class CommitteeList(BaseList):
    name = "committees"
    headers = ["党支部", "在册党员", "在任委员", "任期届满"]

    def build_title(self):
        return f"党员{self.rules.branch_committee_min_members}人以上未设支部委员会的党支部"

    def queryset(self):
        return committee_gaps(self.focus, self.rules).select_related("organization").order_by("-members", "organization__path")

    def row(self, figures):
        org = figures.organization
        return [_org(org), Cell(figures.members), Cell(figures.committee_size), Cell(org.term_ends_on or "未登记")]


class ElectionList(BaseList):
    name = "elections"
    headers = ["党组织", "类型", "本届任期开始", "任期届满", "剩余天数"]
    TITLES = {"overdue": "到期未换届", "soon": "90天内任期届满", "unknown": "未登记任期"}

    def build_title(self):
        self.due = self.param("due", self.TITLES, "overdue")
        return self.TITLES[self.due]

    def queryset(self):
        return elected_organizations(self.focus).filter(election_q(self.due, self.focus.today)).order_by("term_ends_on", "path")

    def row(self, org):
        left = (org.term_ends_on - self.focus.today).days if org.term_ends_on else ""
        return [_org(org), Cell(org.get_kind_display()), Cell(org.term_started_on or ""), Cell(org.term_ends_on or ""),
                Cell(left)]


class LifeList(BaseList):
    name = "life"
    headers = ["党支部", "应开（周期）", "达标", "完成率（%）", "未达标"]

    def build_title(self):
        self.kind = self.param("kind", ["", *MeetingKind.values])
        self.month = self.param("month", ["", *(str(m) for m in range(1, self.focus.today.month + 1))])
        when = f"{self.focus.today.year}年{self.month}月" if self.month else f"{self.focus.today.year}年已结束周期"
        kind = MeetingKind(self.kind).label if self.kind else "三会一课"
        return f"{kind}完成情况（{when}）"

    def queryset(self):
        rows = LifeFigures.objects.filter(
            self.focus.org_q("organization__"), kind=self.kind, year=self.focus.today.year
        ).select_related("organization")
        if self.month:
            index = int(self.month) - 1
            rows = rows.annotate(req=F(f"required__{index}"), done=F(f"met__{index}"))
        else:
            rows = rows.annotate(req=F("ytd_required"), done=F("ytd_met"))
        ratio = Cast("done", FloatField()) / Cast("req", FloatField())
        return rows.filter(req__gt=0).annotate(ratio=ratio).order_by("ratio", "-req", "organization__path")

    def row(self, figures):
        return [_org(figures.organization), Cell(figures.req), Cell(figures.done),
                Cell(round(100 * figures.done / figures.req, 1)), Cell(figures.req - figures.done)]


class MemberList(BaseList):
    name = "members"
    personal = True
    headers = ["姓名", "性别", "民族", "出生年月", "学历", "人员类别", "党员状态", "所在党组织"]

    def build_title(self):
        self.dim = self.param("dim", ["", "status", "ethnicity", *BY_KEY])
        self.value = self.params.get("value", "")
        if self.dim == "status":
            self.param("value", MemberStatus.values)
            return MemberStatus(self.value).label
        if self.dim in BY_KEY:
            self.param("value", [v for v, _ in BY_KEY[self.dim].choices])
            return f"党员（{BY_KEY[self.dim].label}：{BY_KEY[self.dim].label_of(self.value)}）"
        if self.dim == "ethnicity":
            return f"党员（民族：{self.value or '未填写'}）"
        return "在册党员"

    def queryset(self):
        members = Member.objects.restrict(self.user, VIEW).current().filter(self.focus.org_q("organization__"))
        if self.dim == "status":
            members = members.filter(status=self.value)
        elif self.dim == "ethnicity":
            members = members.filter(ethnicity=self.value)
        elif self.dim:
            members = members.filter(BY_KEY[self.dim].member_q(self.value, self.focus.today))
        return members.select_related("organization").order_by("organization__path", "name", "pk")

    def row(self, m):
        return [Cell(m.name, m.get_absolute_url()), Cell(m.get_gender_display()), Cell(m.ethnicity),
                Cell(f"{m.birth_date:%Y-%m}"), Cell(m.get_education_display() or "未填写"),
                Cell(m.get_category_display()), Cell(m.get_status_display()), _org(m.organization)]


class ApplicantList(BaseList):
    name = "applicants"
    personal = True
    headers = ["姓名", "当前阶段", "递交申请", "确定积极分子", "确定发展对象", "接收预备党员", "转正", "所在党组织"]

    def build_title(self):
        stages = [str(s) for s in STAGE_ORDER]
        self.mode = self.param("mode", ["reached", "now"], "now")
        self.stage = self.param("stage", stages if self.mode == "reached" else [*stages, str(Stage.STOPPED)], stages[0])
        return ("累计达到" if self.mode == "reached" else "当前处于") + Stage(self.stage).label + "阶段"

    def queryset(self):
        applicants = Applicant.objects.restrict(self.user, VIEW).filter(self.focus.org_q("organization__"))
        if self.mode == "reached":
            applicants = applicants.filter(Q(**{STAGE_DATE_FIELD[self.stage] + "__isnull": False}))
        else:
            applicants = applicants.filter(stage=self.stage)
        return applicants.select_related("organization").order_by("organization__path", "applied_on", "pk")

    def row(self, a):
        return [Cell(a.name, a.get_absolute_url()), Cell(a.get_stage_display()), Cell(a.applied_on),
                Cell(a.activist_on or ""), Cell(a.candidate_on or ""), Cell(a.approved_on or ""),
                Cell(a.confirmed_on or ""), _org(a.organization)]


LISTS = {cls.name: cls for cls in (UnitList, CommitteeList, ElectionList, LifeList, MemberList, ApplicantList)}


def list_url(focus: Focus, name: str, **params) -> str:
    query = urlencode(focus.query(**params))
    return reverse("dashboards:list", args=[focus.org.pk, name]) + (f"?{query}" if query else "")
