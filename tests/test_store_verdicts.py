"""Issue 15 in the store, on real SQLite files and a real PostgreSQL server: undoing a verdict (back to 待审核,
audited, versions that only grow), bulk verdicts in one transaction, and the dashboard's counts (open and
confirmed apart from dismissed, one unit under two spellings counted once, cells that lead to their flags)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import netguard
from docreview import auth
from docreview.errors import AccessError, ConflictError, ReviewClosed, StoreError
from docreview.settings import Settings, StoreSettings
from docreview.store import Workspace
from store_samples import make_review


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    netguard.block_network(monkeypatch)
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path / 'docreview.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    w = Workspace(Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url)))
    w.add_team("财政一科")
    w.add_user("alice", password="alice-password", team="财政一科")
    w.add_user("bob", password="bob-password", team="财政一科")
    w.add_user("lead", role="lead", password="lead-password", team="财政一科")
    w.add_user("viewer", role="viewer", password="viewer-password", team="财政一科")
    w.add_user("other", password="other-password")  # 默认科室: not the team of the batches below
    yield w
    w.close()


def _review(ws: Workspace, unit: str, *, batch_id: int | None = None, **kwargs: object) -> int:
    doc = ws.store_document(f"report of {unit} {kwargs}".encode(), "自评表.xlsx", user="alice")
    batch = batch_id if batch_id is not None else ws.create_batch(f"{unit}批次", unit_name=unit, user="alice").id
    return ws.save_review(batch, make_review(**kwargs), [(doc, "report")], user="alice",  # type: ignore[arg-type]
                          unit_name=unit).id


def test_undo_a_verdict_back_to_pending_audited(ws: Workspace) -> None:
    rid = _review(ws, "甲县交通局")
    flag = ws.get_review(rid, user="alice").flags[0]
    ws.set_verdict(flag.id, "确认", "核实无误", user="alice", expected_version=0)
    ws.clear_verdict(flag.id, user="bob", expected_version=1)

    again = ws.get_review(rid, user="alice")
    undone = next(f for f in again.flags if f.id == flag.id)
    assert undone.verdict is None and undone.decision == "pending" and undone.verdict_version == 2
    assert again.summary.decided_count == 0
    assert [f.id for f in ws.flags_for_review(rid, decisions=["待审核"], user="alice")].count(flag.id) == 1
    entry = ws.audit_for("verdict", flag.id, user=None)[-1]
    assert (entry.action, entry.user) == ("clear_verdict", "bob")
    assert (entry.before["decision"], entry.before["comment"], entry.before["user"]) == ("confirmed", "核实无误", "alice")
    assert entry.after["decision"] == "pending" and entry.after["version"] == 2
    assert [e.action for e in ws.audit_for_flag(flag.id, user="alice")] == ["set_verdict", "clear_verdict"]
    d = ws.dashboard(user="alice")
    assert d.verdicts["confirmed"] == 0 and d.verdicts["pending"] == len(again.flags)

    # a page that still shows the undone verdict (version 1) cannot overwrite what comes next
    with pytest.raises(ConflictError, match="待审核"):
        ws.set_verdict(flag.id, "驳回", "", user="alice", expected_version=1)
    with pytest.raises(StoreError, match="无需撤销"):
        ws.clear_verdict(flag.id, user="alice", expected_version=2)
    saved = ws.set_verdict(flag.id, "驳回", "再次核对", user="alice", expected_version=2)
    assert (saved.decision, saved.version) == ("dismissed", 3)
    with pytest.raises(ConflictError, match="alice"):
        ws.clear_verdict(flag.id, user="bob", expected_version=2)


def test_an_undone_verdict_is_not_carried_into_the_next_version(ws: Workspace) -> None:
    doc = ws.store_document(b"the same report", "自评表.xlsx", user="alice")
    batch = ws.create_batch("批次", unit_name="甲县交通局", user="alice").id
    v1 = ws.save_review(batch, make_review(), [(doc, "report")], user="alice")
    flag = v1.flags[0]
    ws.set_verdict(flag.id, "确认", "v1 的结论", user="alice", expected_version=0)
    v2 = ws.save_review(batch, make_review(), [(doc, "report")], user="alice")
    carried = next(f for f in v2.flags if f.flag_key == flag.flag_key)
    assert carried.verdict is not None and carried.verdict.comment == "v1 的结论"
    ws.clear_verdict(carried.id, user="alice", expected_version=carried.verdict_version)
    v3 = ws.save_review(batch, make_review(), [(doc, "report")], user="alice")
    # the undo on v2 is the latest word: v1's verdict does not come back
    assert next(f for f in v3.flags if f.flag_key == flag.flag_key).verdict is None


def test_undo_needs_the_right_to_decide_and_an_open_review(ws: Workspace) -> None:
    rid = _review(ws, "甲县交通局")
    flag = ws.get_review(rid, user="alice").flags[0]
    ws.set_verdict(flag.id, "确认", "", user="alice", expected_version=0)
    with pytest.raises(AccessError, match="只读账户"):
        ws.clear_verdict(flag.id, user="viewer", expected_version=1)
    with pytest.raises(AccessError, match="无权访问"):
        ws.clear_verdict(flag.id, user="other", expected_version=1)
    with pytest.raises(StoreError, match="审核人"):
        ws.clear_verdict(flag.id, user=None, expected_version=1)
    ws.set_review_status(rid, "closed", user="lead")
    with pytest.raises(ReviewClosed):
        ws.clear_verdict(flag.id, user="alice", expected_version=1)
    assert ws.get_review(rid, user="alice").flags[0].decision == "confirmed"


def test_bulk_verdicts_are_one_transaction(ws: Workspace) -> None:
    rid = _review(ws, "甲县交通局", extra_flag=True)
    flags = ws.get_review(rid, user="alice").flags
    a, b, c = flags[0], flags[1], flags[2]
    ws.set_verdict(c.id, "需补充材料", "", user="bob", expected_version=0)
    # c changed since the page was drawn (version 0 seen): nothing is written, not even a and b
    with pytest.raises(ConflictError, match="bob"):
        ws.set_verdicts({a.id: 0, b.id: 0, c.id: 0}, "驳回", "批量：重复问题", user="alice")
    assert [f.decision for f in ws.get_review(rid, user="alice").flags[:2]] == ["pending", "pending"]
    saved = ws.set_verdicts({a.id: 0, b.id: 0, c.id: 1}, "驳回", "批量：重复问题", user="alice")
    assert [(v.flag_id, v.decision, v.comment, v.user) for v in saved] == [
        (f.id, "dismissed", "批量：重复问题", "alice") for f in (a, b, c)]
    assert [e.action for e in ws.audit_for("verdict", user=None, by="alice")] == ["set_verdict"] * 3
    with pytest.raises(AccessError):
        ws.set_verdicts({a.id: 1}, "确认", "", user="viewer")
    with pytest.raises(StoreError, match="没有选择"):
        ws.set_verdicts({}, "确认", "", user="alice")


def test_dashboard_counts_open_and_confirmed_apart_from_dismissed_and_units_once(ws: Workspace) -> None:
    batch = ws.create_batch("2024年度", user="alice").id
    # one unit under two spellings (full-width letters and a space; padding) and a second unit: the newest spelling
    first = _review(ws, "ＡＢ县 交通局", batch_id=batch)
    second = _review(ws, "  AB县交通局 ", batch_id=batch, road_actual=130.0)
    other = _review(ws, "乙县卫健委", batch_id=batch)
    d = ws.dashboard(batch, user="alice")
    assert d.units == ["AB县交通局", "乙县卫健委"] and d.reviews == 3

    flags = {f.flag.type: f for f in ws.get_review(first, user="alice").flags}
    ws.set_verdict(flags["target_missed"].id, "确认", "", user="alice", expected_version=0)
    ws.set_verdict(flags["not_reported"].id, "驳回", "", user="alice", expected_version=0)
    ws.set_verdict(flags["missing_deviation_reason"].id, "需补充材料", "", user="alice", expected_version=0)
    d = ws.dashboard(batch, user="alice")
    cells = {(c.unit, c.flag_type): c for c in d.cells}
    in_second = {f.flag.type: f for f in ws.get_review(second, user="alice").flags}
    missed = cells[("AB县交通局", "target_missed")]  # confirmed in the first review, open in the second
    assert (missed.open, missed.confirmed, missed.dismissed) == (1, 1, 0)
    assert missed.flags == [(second, in_second["target_missed"].id), (first, flags["target_missed"].id)]  # open first
    not_reported = cells[("AB县交通局", "not_reported")]  # dismissed in the first review, open in the second
    assert (not_reported.open, not_reported.confirmed, not_reported.dismissed) == (1, 0, 1)
    assert not_reported.flags == [(second, in_second["not_reported"].id)]
    assert cells[("AB县交通局", "missing_deviation_reason")].open == 2  # 需补充材料 (first) is still open
    row = dict(zip(d.flag_types, d.counts[d.units.index("AB县交通局")], strict=True))
    assert row["target_missed"] == 2 and row["not_reported"] == 1
    assert sum(d.counts[d.units.index("乙县卫健委")]) == len(ws.get_review(other, user="alice").flags)
    total = sum(len(ws.get_review(r, user="alice").flags) for r in (first, second, other))
    assert d.verdicts == {"confirmed": 1, "dismissed": 1, "needs_info": 1, "pending": total - 3}
    assert d.open_flags == total - 2


def test_an_empty_dashboard(ws: Workspace) -> None:
    batch = ws.create_batch("空批次", user="alice").id
    d = ws.dashboard(batch, user="alice")
    assert (d.reviews, d.units, d.cells, d.open_flags) == (0, [], [], 0)
