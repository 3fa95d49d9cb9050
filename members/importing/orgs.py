"""Which organization a row names: exactly, by code or by full name inside the user's subtree,
after normalisation — never by a fuzzy 'contains'. A near miss names the closest branches."""

import difflib
from dataclasses import dataclass

from accounts.scope import CHANGE
from branches.choices import OrgStatus
from branches.models import Organization, PartyGroup
from members.importing.normalize import compact, key


@dataclass(frozen=True, slots=True)
class Org:
    pk: int
    code: str
    name: str
    path: str


class OrgIndex:
    """The organizations a user may import into, loaded once (two queries at most)."""

    def __init__(self, user):
        self.user = user
        self.by_code: dict[str, Org] = {}
        self.by_name: dict[str, list[Org]] = {}
        self.dissolved: dict[str, Org] = {}
        rows = Organization.objects.restrict(user, CHANGE).values_list("pk", "code", "name", "path", "status")
        for pk, code, name, path, status in rows:
            org = Org(pk, code, name, path)
            if status != OrgStatus.ACTIVE:
                self.dissolved[key(code)] = self.dissolved[key(name)] = org
                continue
            self.by_code[key(code)] = org
            self.by_name.setdefault(key(name), []).append(org)
        self._outside: set[str] | None = None
        self._cache: dict[str, tuple[Org | None, str]] = {}
        self._groups: dict[tuple[int, str], int] | None = None

    def resolve(self, raw) -> tuple[Org | None, str]:
        """(organization, '') or (None, a Chinese reason)."""
        text = compact(raw)
        if text not in self._cache:
            self._cache[text] = self._resolve(text)
        return self._cache[text]

    def _resolve(self, text: str) -> tuple[Org | None, str]:
        k = text.casefold()
        if k in self.by_code:
            return self.by_code[k], ""
        named = self.by_name.get(k, [])
        if len(named) == 1:
            return named[0], ""
        if named:
            codes = "、".join(f"{o.name}（{o.code}）" for o in named)
            return None, f"名称「{text}」对应多个党组织：{codes}，请改填组织代码。"
        if k in self.dissolved:
            return None, f"党组织「{text}」已撤销，不能导入。"
        if k in self.outside():
            return None, f"党组织「{text}」不在您可以导入的范围内。"
        return None, f"未找到党组织「{text}」{self._near_misses(k)}请填写完整的党组织名称或组织代码。"

    def _near_misses(self, k: str) -> str:
        names = difflib.get_close_matches(k, self.by_name.keys(), n=3, cutoff=0.6)
        if not names:
            return "。"
        found = "、".join(f"{o.name}（{o.code}）" for name in names for o in self.by_name[name])
        return f"，最接近的是：{found}。"

    def outside(self) -> set[str]:
        if self._outside is None:
            every = Organization.objects.values_list("code", "name")
            self._outside = {key(v) for pair in every for v in pair}
        return self._outside

    def party_group(self, org: Org, raw) -> tuple[int | None, str]:
        if self._groups is None:
            rows = PartyGroup.objects.restrict(self.user, CHANGE).values_list("pk", "branch_id", "name")
            self._groups = {(branch, key(name)): pk for pk, branch, name in rows}
        pk = self._groups.get((org.pk, key(raw)))
        if pk:
            return pk, ""
        mine = [name for (branch, name) in self._groups if branch == org.pk]
        hint = difflib.get_close_matches(key(raw), mine, n=3, cutoff=0.5)
        extra = f"，最接近的是：{'、'.join(hint)}" if hint else ""
        return None, f"「{org.name}」没有名为「{compact(raw)}」的党小组{extra}。"
