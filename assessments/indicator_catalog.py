"""The automatic indicators a criterion can be bound to: code, label, and how the value is read.

Definitions only; the computations from the records are in assessments.indicators. This module imports
no model, so a model can name its indicator without loading the records behind it.

A code is `family` or `family:argument` (`meetings:theme_day`, `venue:flag`): the family says which
computation runs, the argument narrows it to one meeting kind or one 九有 item.
"""

from dataclasses import dataclass

from activities.choices import MeetingKind
from assessments.choices import VenueItem


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    explanation: str  # how the value from 0 to 1 is read from the records

    @property
    def family(self) -> str:
        return self.code.partition(":")[0]

    @property
    def argument(self) -> str | None:
        return self.code.partition(":")[2] or None


def _definitions():
    yield Indicator("meetings", "三会一课等组织生活完成率", "统计期内已结束的考核周期（及已完成的当前周期）中按要求完成的比例")
    for kind, label in MeetingKind.choices:
        yield Indicator(f"meetings:{kind}", f"{label}按期完成率", f"统计期内按要求召开{label}的周期所占比例")
    yield Indicator("attendance", "党员参加组织生活出席率", "统计期内已召开会议中党员出席人次占应到人次的比例（列席人员不计）")
    yield Indicator("elections", "按期换届", "本届任期在统计期内未逾期记满分，逾期未换届记零分")
    yield Indicator("dues", "党费按月足额交纳率", "统计期内已结束月份的应缴党费记录中已缴的比例")
    yield Indicator("pipeline", "发展党员各环节按期率", "在培养人员中没有逾期未办发展环节的比例")
    yield Indicator("venue", "活动阵地“九有”达标率", "活动阵地登记中具备“九有”各项的比例")
    for item, label in VenueItem.choices:
        yield Indicator(f"venue:{item}", f"九有：{label}", f"活动阵地登记具备{label}记满分，否则记零分")


CATALOG: dict[str, Indicator] = {indicator.code: indicator for indicator in _definitions()}


def choices() -> list[tuple[str, str]]:
    return [("", "（人工评分）")] + [(i.code, i.label) for i in CATALOG.values()]


def find(code: str) -> Indicator:
    """The indicator of a code; an unknown code (a scheme older than the catalog) labelled as it is."""
    return CATALOG.get(code) or Indicator(code, code, "")
