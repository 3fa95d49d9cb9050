"""Deterministic demo data for the organization tree and host units.

`small`: one 工委 with about 50 organizations and 300 units.
`province`: about 10,000 organizations and 25,000 units; non-public-enterprise coverage near the
23.9 % of seed 004. Rows are written with bulk_create and materialized paths computed here, since
treebeard's add_child would cost a query or three per node.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from branches.choices import FoundingMode, OrgKind, UnitType
from branches.models import (
    HostUnit, Industry, Instructor, Organization, Region, UnitCoverage, CommitteeMember,
)
from branches.validators import CREDIT_CODE_ALPHABET, credit_code_check_char
from demo.names import person_name

INDUSTRIES = [
    ("A", "农、林、牧、渔业"), ("B", "采矿业"), ("C", "制造业"), ("D", "电力、热力、燃气及水生产和供应业"),
    ("E", "建筑业"), ("F", "批发和零售业"), ("G", "交通运输、仓储和邮政业"), ("H", "住宿和餐饮业"),
    ("I", "信息传输、软件和信息技术服务业"), ("J", "金融业"), ("K", "房地产业"), ("L", "租赁和商务服务业"),
    ("M", "科学研究和技术服务业"), ("N", "水利、环境和公共设施管理业"), ("O", "居民服务、修理和其他服务业"),
    ("P", "教育"), ("Q", "卫生和社会工作"), ("R", "文化、体育和娱乐业"), ("S", "公共管理、社会保障和社会组织"),
]
CITY_NAMES = ["东海", "临江", "青川", "云岭", "白沙", "松原", "金湖", "石桥", "安平", "长宁", "北屿", "南塘", "西岚", "瑞安", "望海", "清河"]
DISTRICT_SUFFIXES = ["城区", "新区", "开发区", "高新区", "经开区", "县", "港区", "滨湖区"]
TRADE_NAMES = list("华鑫瑞丰恒泰宏达盛隆信诚嘉禾鼎新创远博众卓越汇通海川明德金辉永安宏图")
TRADES = {
    "C": ["机械制造", "电子科技", "新材料", "食品"], "I": ["软件", "网络科技", "数据服务"], "F": ["商贸", "贸易"],
    "E": ["建设工程", "建筑安装"], "L": ["企业管理咨询", "人力资源", "税务师事务所", "律师事务所"],
    "M": ["检测技术", "工程设计"], "G": ["物流", "运输"], "H": ["餐饮管理", "酒店"], "K": ["物业服务"],
}
SOCIAL_KINDS = ["行业协会", "商会", "社会工作服务中心", "养老服务中心", "民办学校", "基金会"]
def credit_code(rng: random.Random, region_code: str) -> str:
    body = rng.choice("15") + rng.choice("239") + region_code[:6]
    body += "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
    return body + credit_code_check_char(body)


@dataclass
class OrgPlan:
    """Organizations planned in memory, then written with computed paths in one bulk insert."""

    rows: list[Organization] = field(default_factory=list)
    children: dict[str, int] = field(default_factory=dict)

    def add(self, parent: Organization | None, **attrs) -> Organization:
        if parent is None:
            existing_roots = Organization.get_root_nodes().count() + sum(1 for r in self.rows if r.depth == 1)
            path = Organization._get_path(None, 1, existing_roots + 1)
            depth = 1
        else:
            n = self.children.get(parent.path, 0) + 1
            self.children[parent.path] = n
            path = Organization._get_path(parent.path, parent.depth + 1, n)
            depth = parent.depth + 1
        org = Organization(path=path, depth=depth, numchild=0, **attrs)
        self.rows.append(org)
        return org

    def save(self) -> list[Organization]:
        for org in self.rows:
            org.numchild = self.children.get(org.path, 0)
        # Level by level, so that parents and guiding committees have their keys first.
        for depth in sorted({org.depth for org in self.rows}):
            Organization.objects.bulk_create([o for o in self.rows if o.depth == depth], batch_size=2000)
        return self.rows


def ensure_reference_data():
    for code, name in INDUSTRIES:
        Industry.objects.get_or_create(code=code, defaults={"name": name})


def make_regions(province_code: str, province_name: str, cities: int, districts_per_city: int):
    province, _ = Region.objects.get_or_create(code=province_code, defaults={"name": province_name})
    result = []
    for c in range(cities):
        city_code = f"{province_code[:2]}{c + 1:02d}00"
        city, _ = Region.objects.get_or_create(
            code=city_code, defaults={"name": CITY_NAMES[c % len(CITY_NAMES)] + "市", "parent": province}
        )
        districts = []
        for d in range(districts_per_city):
            code = f"{province_code[:2]}{c + 1:02d}{d + 1:02d}"
            name = CITY_NAMES[c % len(CITY_NAMES)] + DISTRICT_SUFFIXES[d % len(DISTRICT_SUFFIXES)]
            district, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "parent": city})
            districts.append(district)
        result.append((city, districts))
    return province, result


def term_dates(rng: random.Random, today: date, years: int, overdue_share: float):
    if rng.random() < overdue_share:
        end = today - timedelta(days=rng.randint(10, 400))
    else:
        end = today + timedelta(days=rng.randint(5, years * 365))
    return shift_years(end, -years), end


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class TreeSpec:
    prefix: str  # code prefix; also marks the demo tree as already seeded
    root_name: str
    province_code: str
    cities: int
    districts_per_city: int
    units_per_district: int
    enterprise_coverage: float  # share of non-public enterprises with a party organization
    general_branch_at: int = 10  # full members from which a unit gets a 党总支 with branches below


SPECS = {
    "small": TreeSpec("S", "东海市两新工委", "990000", 1, 3, 100, 0.16, general_branch_at=30),
    "province": TreeSpec("P", "东海省两新工委", "980000", 16, 8, 195, 0.239),
}


def seed_tree(spec: TreeSpec, rng: random.Random, today: date) -> Organization:
    """Organizations, units and coverage. Returns the root."""
    ensure_reference_data()
    industries = {i.code: i for i in Industry.objects.all()}
    province, cities = make_regions(spec.province_code, spec.root_name[:3], spec.cities, spec.districts_per_city)
    plan = OrgPlan()
    root = plan.add(None, code=f"{spec.prefix}0001", name=spec.root_name, kind=OrgKind.WORK_COMMITTEE, region=province)
    industry_committees = [
        plan.add(root, code=f"{spec.prefix}0002", name=f"{spec.root_name[:3]}税务师行业党委", kind=OrgKind.INDUSTRY_COMMITTEE),
        plan.add(root, code=f"{spec.prefix}0003", name=f"{spec.root_name[:3]}律师行业党委", kind=OrgKind.INDUSTRY_COMMITTEE),
    ]
    seq = iter(range(4, 10_000_000))
    units: list[HostUnit] = []
    coverage: list[tuple[HostUnit, Organization]] = []
    unit_seq = iter(range(1, 10_000_000))

    def code():
        return f"{spec.prefix}{next(seq):06d}"

    for city, districts in cities:
        city_parent = root
        if spec.cities > 1:
            city_parent = plan.add(root, code=code(), name=f"{city.name}两新工委", kind=OrgKind.WORK_COMMITTEE, region=city)
        for district in districts:
            dw = city_parent
            if spec.districts_per_city > 1:
                dw = plan.add(city_parent, code=code(), name=f"{district.name}两新工委", kind=OrgKind.WORK_COMMITTEE, region=district)
            district_units = []
            for _ in range(spec.units_per_district):
                industry_code = rng.choice(list(TRADES) + ["S"] * 2)
                social = industry_code == "S"
                unit_type = UnitType.SOCIAL_ORGANIZATION if social else UnitType.PRIVATE_ENTERPRISE
                employees = int(rng.paretovariate(1.2) * 8)
                members = min(employees, int(rng.paretovariate(1.1) * 1.5) if rng.random() < 0.6 else 0)
                full = members - (1 if members > 1 and rng.random() < 0.3 else 0)
                trade = rng.choice(SOCIAL_KINDS) if social else rng.choice(TRADES[industry_code])
                name = f"{district.name[:2]}{rng.choice(TRADE_NAMES)}{rng.choice(TRADE_NAMES)}{trade}"
                name += "" if social else "有限公司"
                unit = HostUnit(
                    name=f"{name}（{next(unit_seq)}）" if spec.prefix == "P" else name,
                    credit_code=credit_code(rng, district.code),
                    unit_type=unit_type,
                    industry=industries[industry_code],
                    region=district,
                    employees=employees,
                    annual_revenue=round(employees * rng.uniform(5, 40), 2),
                    party_member_count=members,
                    full_member_count=full,
                    owner_is_member=rng.random() < 0.15,
                    has_union=rng.random() < 0.35,
                    has_youth_league=rng.random() < 0.15,
                    has_womens_federation=rng.random() < 0.15,
                    managed_by=dw,
                )
                district_units.append(unit)
            units.extend(district_units)
            _organize_district(plan, dw, district, district_units, coverage, rng, spec, code, today, industry_committees)
    plan.save()
    for unit in units:
        unit.managed_by_id = unit.managed_by.pk
    HostUnit.objects.bulk_create(units, batch_size=2000)
    UnitCoverage.objects.bulk_create(
        [UnitCoverage(unit_id=u.pk, organization_id=o.pk, since=o.founded_on) for u, o in coverage], batch_size=5000
    )
    _seed_instructors(plan.rows, units, coverage, rng)
    _seed_committees(plan.rows, rng, today)
    return Organization.objects.get(code=f"{spec.prefix}0001")


def _organize_district(plan, dw, district, units, coverage, rng, spec, code, today, industry_committees):
    """Give units with ≥ 3 full members their own organization (leaving some gaps), group small
    ones into joint branches until the district reaches its coverage target."""
    enterprises = [u for u in units if u.unit_type == UnitType.PRIVATE_ENTERPRISE]
    socials = [u for u in units if u.unit_type != UnitType.PRIVATE_ENTERPRISE]
    for pool, share, label in ((enterprises, spec.enterprise_coverage, "非公企业"), (socials, 0.4, "社会组织")):
        target = round(len(pool) * share)
        covered = 0
        for unit in sorted(pool, key=lambda u: -u.full_member_count):
            if unit.full_member_count < 3 or covered >= target or rng.random() < 0.1:
                continue  # the rest of the ≥ 3 units are 应建未建 gaps
            _own_organization(plan, dw, district, unit, coverage, rng, code, today, industry_committees, spec)
            covered += 1
        small = [u for u in pool if 0 < u.full_member_count < 3 or (u.party_member_count and u.full_member_count < 3)]
        rng.shuffle(small)
        group_no = 0
        while covered < target and small:
            size = min(len(small), rng.choice((3, 4, 5, 6, 8, 12)))
            group, small = small[:size], small[size:]
            group_no += 1
            org = _branch(plan, dw, code(), f"中共{district.name}{label}第{group_no}联合支部委员会",
                          OrgKind.JOINT_BRANCH, FoundingMode.JOINT, district, group[0], rng, today, None)
            coverage.extend((unit, org) for unit in group)
            covered += size


def _own_organization(plan, dw, district, unit, coverage, rng, code, today, industry_committees, spec):
    base = unit.name.split("（")[0]
    guided = None
    if "税务师" in base:
        guided = industry_committees[0]
    elif "律师" in base:
        guided = industry_committees[1]
    if unit.full_member_count >= max(40, spec.general_branch_at + 10):
        kind, suffix, branches = OrgKind.COMMITTEE, "委员会", min(12, max(3, unit.full_member_count // 10))
    elif unit.full_member_count >= spec.general_branch_at:
        kind, suffix, branches = OrgKind.GENERAL_BRANCH, "总支部委员会", rng.randint(2, 4)
    else:
        kind, suffix, branches = OrgKind.BRANCH, "支部委员会", 0
    org = _branch(plan, dw, code(), f"中共{base}{suffix}", kind, FoundingMode.SINGLE, district, unit, rng, today, guided)
    coverage.append((unit, org))
    for n in range(branches):
        _branch(plan, org, code(), f"中共{base}第{n + 1}支部委员会", OrgKind.BRANCH, FoundingMode.SINGLE,
                district, unit, rng, today, None)


def _branch(plan, parent, code, name, kind, mode, district, unit, rng, today, guided):
    years = 5 if kind == OrgKind.COMMITTEE else 3
    start, end = term_dates(rng, today, years, overdue_share=0.12)
    return plan.add(
        parent, code=code, name=name, kind=kind, founding_mode=mode, region=district, industry=unit.industry,
        guided_by=guided, founded_on=start - timedelta(days=rng.randint(0, 3000)),
        term_started_on=start, term_ends_on=end, secretary_heads_unit=rng.random() < 0.4,
    )


def _seed_instructors(orgs, units, coverage, rng):
    covered = {id(u) for u, _ in coverage}
    work_committees = [o for o in orgs if o.kind == OrgKind.WORK_COMMITTEE]
    instructors = Instructor.objects.bulk_create(
        [Instructor(name=person_name(rng), dispatched_by=o) for o in work_committees for _ in range(2)]
    )
    by_committee = {}
    for ins in instructors:
        by_committee.setdefault(ins.dispatched_by_id, []).append(ins)
    assigned = []
    for unit in units:
        if id(unit) not in covered and unit.party_member_count and rng.random() < 0.3:
            unit.instructor = rng.choice(by_committee[unit.managed_by_id])
            assigned.append(unit)
    HostUnit.objects.bulk_update(assigned, ["instructor"], batch_size=2000)


def _seed_committees(orgs, rng, today):
    rows = []
    for org in orgs:
        if org.kind == OrgKind.WORK_COMMITTEE or org.kind == OrgKind.INDUSTRY_COMMITTEE:
            continue
        rows.append(CommitteeMember(organization_id=org.pk, role="secretary", name=person_name(rng), started_on=org.term_started_on))
        if rng.random() < 0.6:
            for role in ("organization", "propaganda", "discipline"):
                rows.append(CommitteeMember(organization_id=org.pk, role=role, name=person_name(rng), started_on=org.term_started_on))
    CommitteeMember.objects.bulk_create(rows, batch_size=5000)
