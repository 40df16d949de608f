"""单位管理 (issue 15): the unit names of a workspace, and merging several of them into one canonical name.

A unit is identified by ``history.unit_key`` of the name its reviews carry, so "某县交通局" and "某县 交通局" are
already one unit; "某市财政局" and "某市财政局（本级）", or a typo, are two until an admin merges them.  A merge
renames ``unit_name`` on the rows (no alias table, no migration): every review version (its stored, indexed
``unit_key`` follows the name: ``ReviewRow._keep_unit_key``), the jobs of the queue (their progress lines, and what a
retried job saves) and a batch's default unit.  Everything that reads a unit by its name
(the dashboard, 排名通报, 历史对比, the batch export, the earlier-year baseline) then sees one unit.  The old names
stay in the audit log (one ``merge``/``unit`` entry, and an ``update`` entry on each renamed review).

A review the queue saved is keyed by its unit and kinds (``history.unit_version_key``), so a corrected re-upload is its
next version; after a merge the key follows the new name (and the review's assignments with it), so a re-upload
under the merged name continues that review's versions.  When two merged names each have a review of the same kinds
in the same batch, their keys would collide: those keep their old keys (two reviews of one unit in that batch) and
are counted in ``UnitMerge.kept_apart``.  A job running while the merge commits has read its unit already and saves its
review under the old name (``UnitMerge.running`` counts them; merging again afterwards takes that review in too).

The functions here run inside the ``Workspace`` transaction (``Workspace.unit_overview``, ``Workspace.merge_units``),
which checks that the caller is an admin and writes the audit entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session, defer

from docreview.errors import StoreError
from docreview.store import history
from docreview.store.models import Assignment, Batch, Job, ReviewRow, Team


class UnitOverview(BaseModel):
    """One unit of the workspace as the admin page lists it."""

    name: str  # the spelling of its newest review
    key: str  # history.unit_key
    spellings: list[str] = Field(default_factory=list)  # every stored spelling, sorted
    reviews: int = 0  # document sets (a review with all its versions counts once)
    versions: int = 0
    batches: int = 0
    teams: list[str] = Field(default_factory=list)


class UnitMerge(BaseModel):
    """What a merge changed."""

    unit_name: str  # the canonical name the units now carry
    merged: list[str] = Field(default_factory=list)  # the spellings renamed (old names)
    reviews: list[int] = Field(default_factory=list)  # review rows renamed (every version)
    jobs: int = 0
    running: int = 0  # of those jobs, running now: their review is saved under the old name (merge again after)
    batches: int = 0
    rekeyed: int = 0  # document sets whose version key now follows the merged name
    kept_apart: int = 0  # document sets left under their old key (another set of the same kinds in the batch)


def overview(s: Session, visible: ColumnElement[bool] | None) -> list[UnitOverview]:
    """The units of the reviews ``visible`` selects (not deleted), one entry per ``history.unit_key``, by name.
    Reviews without a unit name are not listed (there is nothing to merge)."""
    q = (select(ReviewRow.id, ReviewRow.batch_id, ReviewRow.docset_key, ReviewRow.unit_name, Batch.team_id)
         .join(Batch, Batch.id == ReviewRow.batch_id).order_by(ReviewRow.created.desc(), ReviewRow.id.desc()))
    if visible is not None:
        q = q.where(visible)
    teams = dict(s.execute(select(Team.id, Team.name)).tuples().all())
    units: dict[str, UnitOverview] = {}
    sets: dict[str, set[tuple[int, str]]] = defaultdict(set)
    batch_ids: dict[str, set[int]] = defaultdict(set)
    for _rid, batch_id, docset, name, team_id in s.execute(q).tuples():
        key = history.unit_key(name)
        if not key:
            continue
        unit = units.setdefault(key, UnitOverview(name=history.clean_unit_name(name), key=key))
        if name not in unit.spellings:
            unit.spellings.append(name)
        unit.versions += 1
        sets[key].add((batch_id, docset))
        batch_ids[key].add(batch_id)
        team = teams.get(team_id, "")
        if team and team not in unit.teams:
            unit.teams.append(team)
    for key, unit in units.items():
        unit.spellings.sort()
        unit.teams.sort()
        unit.reviews = len(sets[key])
        unit.batches = len(batch_ids[key])
    return sorted(units.values(), key=lambda u: u.name)


def merge(s: Session, names: Sequence[str], into: str) -> tuple[UnitMerge, dict[int, str]]:
    """Rename the units ``names`` (every spelling of their ``unit_key``) and ``into``'s own spellings to
    ``history.clean_unit_name(into)``; returns what changed and the old name of each renamed review row.
    Raises ``StoreError`` (a Chinese message for the page) when there is nothing to merge."""
    target = history.clean_unit_name(into)[:200]
    if not target:
        raise StoreError("请填写合并后的单位名称 / the merged unit needs a name")
    keys = {k for k in (history.unit_key(n) for n in names) if k}
    if not keys:
        raise StoreError("请选择要合并的单位 / choose the units to merge")
    keys.add(history.unit_key(target))
    rows = [r for r in s.scalars(select(ReviewRow).options(defer(ReviewRow.review_json))
                                 .where(ReviewRow.unit_name != target))
            if history.unit_key(r.unit_name) in keys]
    jobs = [j for j in s.scalars(select(Job).where(Job.unit_name != target)) if history.unit_key(j.unit_name) in keys]
    batches = [b for b in s.scalars(select(Batch).where(Batch.unit_name != target))
               if history.unit_key(b.unit_name) in keys]
    if not rows and not jobs and not batches:
        raise StoreError(f"没有需要合并的单位名称：所选单位已经都是「{target}」 / nothing to merge: the units are "
                         f"already named {target}")
    result = UnitMerge(unit_name=target, merged=sorted({r.unit_name for r in rows} | {j.unit_name for j in jobs}
                                                     | {b.unit_name for b in batches}))
    rekeys = _new_keys(s, rows, target)
    old_names: dict[int, str] = {}
    for r in sorted(rows, key=lambda r: r.id):
        old_names[r.id] = r.unit_name
        r.unit_name = target
        result.reviews.append(r.id)
    for j in jobs:
        j.unit_name = target
        j.unit = {**j.unit, "unit_name": target}  # a new dict: the JSON column sees the change
    for b in batches:
        b.unit_name = target
    result.jobs, result.batches = len(jobs), len(batches)
    result.running = sum(j.state == "running" for j in jobs)
    for (batch_id, old_key), new_key in rekeys.items():
        if new_key is None:
            result.kept_apart += 1
            continue
        for table in (ReviewRow, Assignment):
            s.execute(update(table).where(table.batch_id == batch_id, table.docset_key == old_key)
                      .values(docset_key=new_key).execution_options(synchronize_session=False))
        result.rekeyed += 1
    s.flush()
    return result, old_names


def _new_keys(s: Session, rows: Iterable[ReviewRow], target: str) -> dict[tuple[int, str], str | None]:
    """(batch, old version key) → the key under ``target`` of each document set among ``rows`` that the queue keyed
    by unit and kinds (``history.unit_version_key``, checked against the kinds of the job that saved it); None when
    that key is taken in the batch (by another document set, or by two of the merged ones)."""
    by_set: dict[tuple[int, str], str] = {}
    for r in rows:
        if (r.batch_id, r.docset_key) in by_set:
            continue
        job = s.scalar(select(Job).where(Job.review_id == r.id).limit(1))
        kinds = _report_kinds(job.unit) if job is not None else None
        if kinds is None or history.unit_version_key(r.unit_name, kinds) != r.docset_key:
            continue  # keyed by the files' bytes: the name is not part of its key
        new = history.unit_version_key(target, kinds)
        if new != r.docset_key:  # the same unit_key (spaces, full width): the key is already the merged one
            by_set[(r.batch_id, r.docset_key)] = new
    wanted: dict[tuple[int, str], int] = defaultdict(int)
    for (batch_id, _old), new in by_set.items():
        wanted[(batch_id, new)] += 1
    out: dict[tuple[int, str], str | None] = {}
    for (batch_id, old), new in by_set.items():
        taken = s.scalar(select(ReviewRow.id).where(ReviewRow.batch_id == batch_id, ReviewRow.docset_key == new)
                         .limit(1)) is not None
        out[(batch_id, old)] = None if taken or wanted[(batch_id, new)] > 1 else new
    return out


def _report_kinds(unit: dict[str, Any]) -> list[str] | None:
    """The kinds of a job's report files (its stored ``ReviewUnit``); None when one has no kind."""
    kinds = [f.get("kind") for f in unit.get("files", []) if f.get("role") == "report"]
    return [str(k) for k in kinds] if kinds and all(kinds) else None
