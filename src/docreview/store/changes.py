"""变化: what changed between two versions of a review (issue 15), as a pure function of their flags.

A flag whose ``flag_key`` (type, indicator, the rule's inputs) is in both versions is unchanged: its verdict was
carried over.  The others are paired by flag type and indicator (``normalize.normalize_name``): a pair is a
flag whose values changed (a corrected figure), with the inputs that differ old → new; an old flag without a
partner was removed (the correction fixed it), a new one without a partner was added.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from docreview.models import FLAG_ZH, RuleValue
from docreview.normalize import normalize_name
from docreview.store.records import FlagRecord, ReviewSummary
from docreview.store.service import UserRef, Workspace

ChangeKind = Literal["added", "removed", "changed"]
CHANGE_ZH: dict[str, str] = {"added": "新增", "removed": "消除", "changed": "数值变化"}


class ValueChange(BaseModel):
    """One input of a flag's rule whose value differs between the versions."""

    name: str
    old: RuleValue = None
    new: RuleValue = None


class FlagChange(BaseModel):
    """A flag added, removed or changed between a version and the one before it."""

    change: ChangeKind
    type: str
    indicator: str | None = None
    old_flag_id: int | None = None
    new_flag_id: int | None = None
    old_message: str = ""
    new_message: str = ""
    values: list[ValueChange] = Field(default_factory=list)  # changed: the inputs that differ

    @property
    def type_zh(self) -> str:
        return FLAG_ZH.get(self.type, self.type)

    @property
    def change_zh(self) -> str:
        return CHANGE_ZH[self.change]


def _pair_key(f: FlagRecord) -> tuple[str, str]:
    return f.flag.type, normalize_name(f.flag.indicator or "")


def flag_changes(old: Sequence[FlagRecord], new: Sequence[FlagRecord]) -> list[FlagChange]:
    """The flags added, removed and changed from ``old`` (a version's flags) to ``new`` (the next version's),
    in the new version's order, then the removed ones in the old order.  Flags with the same ``flag_key`` are
    unchanged and not listed."""
    new_keys = {f.flag_key for f in new}
    old_keys = {f.flag_key for f in old}
    gone = [f for f in old if f.flag_key not in new_keys]
    out: list[FlagChange] = []
    for f in new:
        if f.flag_key in old_keys:
            continue
        partner = next((g for g in gone if _pair_key(g) == _pair_key(f)), None)
        if partner is None:
            out.append(FlagChange(change="added", type=f.flag.type, indicator=f.flag.indicator, new_flag_id=f.id,
                                  new_message=f.flag.message))
            continue
        gone.remove(partner)
        names = list(dict.fromkeys([*partner.flag.inputs, *f.flag.inputs]))
        values = [ValueChange(name=n, old=partner.flag.inputs.get(n), new=f.flag.inputs.get(n)) for n in names
                  if partner.flag.inputs.get(n) != f.flag.inputs.get(n)]
        out.append(FlagChange(change="changed", type=f.flag.type, indicator=f.flag.indicator,
                              old_flag_id=partner.id, new_flag_id=f.id, old_message=partner.flag.message,
                              new_message=f.flag.message, values=values))
    out += [FlagChange(change="removed", type=g.flag.type, indicator=g.flag.indicator, old_flag_id=g.id,
                       old_message=g.flag.message) for g in gone]
    return out


class VersionChanges(BaseModel):
    """A version of a review, the version before it (None: the first) and the flags that changed."""

    review_id: int
    version: int
    previous: ReviewSummary | None = None
    changes: list[FlagChange] = Field(default_factory=list)


def changes_since_previous(ws: Workspace, review_id: int, *, user: UserRef) -> VersionChanges:
    """The flag changes of review ``review_id`` against the version before it in its batch (``AccessError``
    when ``user`` may not see it)."""
    versions = ws.versions(review_id, user=user)
    at = next(n for n, v in enumerate(versions) if v.id == review_id)
    out = VersionChanges(review_id=review_id, version=versions[at].version)
    if at == 0:
        return out
    out.previous = versions[at - 1]
    old = ws.flags_for_review(out.previous.id, user=user)
    new = ws.flags_for_review(review_id, user=user)
    out.changes = flag_changes(old, new)
    return out
