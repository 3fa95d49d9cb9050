"""What a dashboard is about: an organization's subtree, optionally narrowed to a region (with the
regions below it) and an industry. Every selector filters through here."""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from branches.models import HostUnit, Industry, Organization, Region, UnitCoverage


@dataclass(frozen=True)
class Regions:
    """All regions (a small table), loaded once per request: names, parents, descendants."""

    by_id: dict[int, tuple[str, int | None]]  # id -> (name, parent id)

    @classmethod
    def load(cls) -> "Regions":
        return cls({pk: (name, parent) for pk, name, parent in Region.objects.values_list("id", "name", "parent_id")})

    def name(self, pk) -> str:
        return self.by_id[pk][0] if pk in self.by_id else "未登记"

    def chain(self, pk) -> list[int]:
        """The region and its ancestors, top first."""
        found = []
        while pk is not None and pk in self.by_id and pk not in found:
            found.append(pk)
            pk = self.by_id[pk][1]
        return found[::-1]

    def below(self, pk) -> list[int]:
        return [r for r in self.by_id if pk in self.chain(r)]


@dataclass(frozen=True)
class Focus:
    org: Organization
    today: date
    regions: Regions
    region: int | None = None
    industry: Industry | None = None
    region_ids: tuple[int, ...] = field(default=())

    @classmethod
    def build(cls, org, today, region_param: str = "", industry_param: str = "") -> "Focus":
        regions = Regions.load()
        region = _int(region_param)
        if region is not None and region not in regions.by_id:
            raise Http404("没有该行政区划。")
        industry = None
        if _int(industry_param) is not None:
            industry = Industry.objects.filter(pk=_int(industry_param)).first()
            if industry is None:
                raise Http404("没有该行业。")
        ids = tuple(regions.below(region)) if region is not None else ()
        return cls(org, today, regions, region, industry, ids)

    def narrowed(self, region: int | None = None, industry: Industry | None = None) -> "Focus":
        """This focus narrowed further to a region (with the regions below it) or an industry."""
        changes: dict = {}
        if region is not None:
            changes.update(region=region, region_ids=tuple(self.regions.below(region)))
        if industry is not None:
            changes["industry"] = industry
        return replace(self, **changes)

    def at(self, org: Organization) -> "Focus":
        return replace(self, org=org)

    @property
    def region_name(self) -> str | None:
        return self.regions.name(self.region) if self.region is not None else None

    def query(self, **extra) -> dict:
        """The narrowing as query parameters (for links that keep it)."""
        found = {}
        if self.region is not None:
            found["region"] = self.region
        if self.industry is not None:
            found["industry"] = self.industry.pk
        found.update({k: v for k, v in extra.items() if v not in (None, "")})
        return found

    # Organizations: the subtree, narrowed by the organization's own region and industry.
    def org_q(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}path__startswith": self.org.path})
        if self.region is not None:
            q &= Q(**{f"{prefix}region_id__in": self.region_ids})
        if self.industry is not None:
            q &= Q(**{f"{prefix}industry_id": self.industry.pk})
        return q

    def org_sql(self, alias: str = "o") -> tuple[str, list]:
        sql, params = [f"{alias}.path LIKE %s"], [self.org.path + "%"]
        if self.region is not None:
            sql.append(f"{alias}.region_id = ANY(%s)")
            params.append(list(self.region_ids))
        if self.industry is not None:
            sql.append(f"{alias}.industry_id = %s")
            params.append(self.industry.pk)
        return " AND ".join(sql), params

    # Units: active, managed in the subtree or covered by an organization in it (as
    # HostUnitQuerySet.restrict does for a user), narrowed by the unit's region and industry.
    def units(self):
        covered_here = UnitCoverage.objects.filter(unit=OuterRef("pk"), organization__path__startswith=self.org.path)
        units = HostUnit.objects.filter(is_active=True).filter(
            Q(managed_by__path__startswith=self.org.path) | Q(Exists(covered_here))
        )
        if self.region is not None:
            units = units.filter(region_id__in=self.region_ids)
        if self.industry is not None:
            units = units.filter(industry_id=self.industry.pk)
        return units


def _int(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None

