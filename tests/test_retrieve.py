"""retrieve: embedders, tokenizer, fusion, collection naming, passages, PassageIndex (real Chroma)."""

from __future__ import annotations

import json
import math
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from docreview.errors import ConfigError, RetrievalError
from docreview.models import Block, Claim, Document, Passage, ReportExtraction, Span, TableRow
from docreview.retrieve import (
    SCHEMA_VERSION,
    Embedder,
    HashEmbedder,
    OpenAIEmbedder,
    PassageIndex,
    available_embedders,
    build_user_dictionary,
    chunk_span,
    collection_name,
    fuse,
    get_embedder,
    namespace_for,
    passages_from_report,
    register_embedder,
    split_sentences,
)
from docreview.settings import RetrievalSettings, Settings

# --------------------------------------------------------------------------- helpers


def table_block(index: int, rows: list[list[str]], *, table: int = 0) -> Block:
    """A table Block laid out the way ingest writes it (cells joined by ' | ', rows by newlines)."""
    lines, table_rows, pos = [], [], 0
    for r, cells in enumerate(rows):
        offsets, line = [], ""
        for c, cell in enumerate(cells):
            if c:
                line += " | "
            offsets.append(pos + len(line))
            line += cell
        lines.append(line)
        table_rows.append(TableRow(index=r, cells=cells, offsets=offsets))
        pos += len(line) + 1
    return Block(index=index, kind="table", text="\n".join(lines), table=table, rows=table_rows)


def para_block(index: int, text: str) -> Block:
    return Block(index=index, kind="paragraph", text=text)


def make_doc(blocks: list[Block], name: str = "自评报告.docx") -> Document:
    sha = "ab" * 32
    return Document(path=f"/tmp/{name}", name=name, format="docx", sha256=sha, blocks=blocks)


def passage(pid: str, text: str, claim_id: str | None = None) -> Passage:
    return Passage(id=pid, text=text, span=Span(file="报告.txt", block=0, start=0, end=len(text), quote=text),
                   claim_id=claim_id)


def settings_for(tmp_path: Path, **retrieval: object) -> Settings:
    return Settings(workspace=tmp_path / "ws", retrieval=RetrievalSettings(**retrieval))  # type: ignore[arg-type]


class CountingEmbedder:
    """A real embedder (hash) that counts the passages it embeds, to observe vector reuse."""

    def __init__(self) -> None:
        self._inner = HashEmbedder()
        self.name = "hash"
        self.dim = self._inner.dim
        self.passages_embedded = 0

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        self.passages_embedded += len(texts)
        return self._inner.embed_passages(texts)

    def embed_query(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_query(texts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# report passages shared by the hash-index and the e5 tests
REPORT_TEXTS = [
    "全年开展送戏下乡演出三百二十场次，覆盖全县18个乡镇。",
    "农村生活垃圾无害化处理率达到96.2%，较上年提高3个百分点。",
    "完成新改建农村公路108公里，未达到年初120公里的目标。",
    "“最多跑一次”事项占比达到95%，群众办事更加便利。",
    "群众对政府工作满意度为93.5%。",
    "全年办结信访案件412件，办结率98%。",
    "开展职业技能培训八百六十人次。",
    "新建村级综合文化服务中心25个。",
    "全年森林覆盖率稳定在62.3%。",
    "城乡居民医保参保率达到97.1%。",
    "发放困难群众临时救助资金356万元。",
    "完成高标准农田建设3.2万亩。",
    "义务教育阶段学校标准化建设达标率100%。",
    "全年安全生产事故0起。",
    "项目资金到位率100%，预算执行率92.4%。",
    "新增城镇就业人数5600人。",
    "完成老旧小区改造18个，惠及居民3200户。",
    "空气质量优良天数比例达到88%。",
    "农村自来水普及率达到95%。",
    "建成5G基站420个。",
]


# --------------------------------------------------------------------------- embedders


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    emb = get_embedder("hash", RetrievalSettings())
    assert isinstance(emb, Embedder)
    assert (emb.name, emb.dim) == ("hash", 256)
    a, b, c = emb.embed_passages(["农村公路里程", "农村公路里程", "群众满意度"])
    assert a == b
    assert len(a) == 256
    assert math.isclose(sum(x * x for x in a), 1.0, rel_tol=1e-9)
    near = sum(x * y for x, y in zip(emb.embed_query(["新改建农村公路里程"])[0], a, strict=True))
    far = sum(x * y for x, y in zip(c, a, strict=True))
    assert near > far
    assert emb.embed_passages([""])[0][0] == 1.0  # empty text still has a usable vector


def test_registry_names_and_unknown_embedder() -> None:
    assert {"e5-small", "openai", "hash"} <= set(available_embedders())
    with pytest.raises(ConfigError, match="unknown embedder"):
        get_embedder("no-such-model", RetrievalSettings())
    register_embedder("hash-64", lambda settings: HashEmbedder(dim=64))
    assert get_embedder("hash-64", Settings()).dim == 64
    # the default name comes from settings
    assert get_embedder(None, RetrievalSettings(embedder="hash")).name == "hash"


def test_openai_embedder_requires_a_base_url() -> None:
    with pytest.raises(ConfigError, match="EMBED_BASE_URL"):
        get_embedder("openai", RetrievalSettings(embed_base_url=None))


# --------------------------------------------------------------------------- tokenizer


def test_user_dictionary_keeps_indicator_names_whole() -> None:
    tok = build_user_dictionary(["“最多跑一次”事项占比", "农村生活垃圾无害化处理率"])
    tokens = tok.tokenize("“最多跑一次”事项占比达到９５％，农村生活垃圾无害化处理率96.2%。")
    assert "最多跑一次" in tokens
    assert "农村生活垃圾无害化处理率" in tokens
    assert "95" in tokens and "96.2" in tokens  # numbers kept, full width folded, % dropped
    assert not any(re.fullmatch(r"[\W_]+", t) for t in tokens)  # no punctuation / whitespace tokens
    # search-mode sub-words let a shorter spelling still share tokens
    assert {"无害化", "处理率", "垃圾"} <= set(tokens)


def test_user_dictionaries_do_not_leak_between_reviews() -> None:
    with_terms = build_user_dictionary(["最多跑一次"])
    without = build_user_dictionary([])
    assert "最多跑一次" in with_terms.tokenize("推进最多跑一次改革")
    assert "最多跑一次" not in without.tokenize("推进最多跑一次改革")
    import jieba

    assert "最多跑一次" not in jieba.dt.FREQ  # the global tokenizer is never touched


def test_jieba_is_quiet() -> None:
    code = ("from docreview.retrieve import build_user_dictionary;"
            "print(build_user_dictionary(['无害化处理率']).tokenize('垃圾无害化处理率'))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                          timeout=60, check=True)
    assert "无害化处理率" in proc.stdout
    assert "prefix dict" not in proc.stderr
    assert proc.stderr.strip() == ""


# --------------------------------------------------------------------------- fusion


def test_rrf_rewards_agreement_and_normalises_to_one() -> None:
    fused = fuse({"bm25": [("a", 1.0), ("b", 0.5)], "vector": [("a", 0.9), ("c", 0.8), ("b", 0.7)]},
                 method="rrf", rrf_k=60)
    assert [f.key for f in fused] == ["a", "b", "c"]
    top = fused[0]
    assert top.score == pytest.approx(1.0)
    assert top.signals["bm25_rank"] == 1 and top.signals["vector_rank"] == 1
    assert top.signals["rrf"] == pytest.approx(2 / 61)
    c = next(f for f in fused if f.key == "c")
    assert "bm25_rank" not in c.signals
    assert c.score == pytest.approx((1 / 62) / (2 / 61))  # found by one signal of two: at most 0.5
    assert c.score < 0.5


def test_rrf_k_changes_how_much_rank_matters() -> None:
    rankings = {"bm25": [("a", 1.0), ("b", 0.9), ("c", 0.1)], "vector": [("c", 1.0), ("b", 0.9), ("a", 0.2)]}
    small_k = {f.key: f.score for f in fuse(rankings, method="rrf", rrf_k=1)}
    large_k = {f.key: f.score for f in fuse(rankings, method="rrf", rrf_k=1000)}
    # with a small k, being first somewhere beats being second everywhere; a large k flattens ranks
    assert small_k["a"] > small_k["b"]
    assert large_k["b"] == pytest.approx(large_k["a"], rel=1e-3)


def test_weighted_fusion_uses_normalised_scores_and_weights() -> None:
    rankings = {"bm25": [("a", 1.0), ("b", 0.2)], "vector": [("b", 0.9), ("a", 0.3)]}
    even = fuse(rankings, method="weighted", weights={"bm25": 0.5, "vector": 0.5})
    assert even[0].key == "a" and even[0].score == pytest.approx(0.65)
    vector_heavy = fuse(rankings, method="weighted", weights={"bm25": 0.1, "vector": 0.9})
    assert vector_heavy[0].key == "b"
    assert vector_heavy[0].score == pytest.approx(0.1 * 0.2 + 0.9 * 0.9)
    with pytest.raises(ConfigError):
        fuse(rankings, method="max")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- naming


NAME_RULE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]$")


def test_collection_name_follows_chroma_rules_and_what_shaped_the_vectors() -> None:
    base = {"embedder": "e5-small", "dim": 384, "chunking": "row-sentence", "chunk_chars": 300,
            "namespace": "abc123"}
    name = collection_name(**base)  # type: ignore[arg-type]
    assert NAME_RULE.match(name)
    assert name == collection_name(**base)  # type: ignore[arg-type]
    assert name.startswith(f"dr{SCHEMA_VERSION}-e5-small-384-")
    variants = [
        {"embedder": "openai-bge-m3", "dim": 1024},
        {"embedder": "hash", "dim": 256},
        {"dim": 768},
        {"chunking": "paragraph"},
        {"chunk_chars": 500},
        {"namespace": "other"},
    ]
    names = {collection_name(**{**base, **v}) for v in variants}  # type: ignore[arg-type]
    assert len(names) == len(variants) and name not in names
    assert collection_name(**base, schema_version=SCHEMA_VERSION + 1) != name  # type: ignore[arg-type]
    odd = collection_name(embedder="openai-Qwen/Qwen3 Embedding:8B（中文）" * 4, dim=4096,
                          chunking="行/句 chunk", chunk_chars=300, namespace="命名空间" * 20)
    assert NAME_RULE.match(odd), odd


def test_index_collection_changes_with_embedder_and_chunking(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    same_a = PassageIndex(s, HashEmbedder(), namespace="ns1")
    same_b = PassageIndex(s, HashEmbedder(), namespace="ns1")
    assert same_a.name == same_b.name
    other_dim = PassageIndex(s, HashEmbedder(dim=128), namespace="ns1")
    other_chunk = PassageIndex(settings_for(tmp_path, chunk_chars=120), HashEmbedder(), namespace="ns1")
    other_scheme = PassageIndex(settings_for(tmp_path, chunking="paragraph"), HashEmbedder(), namespace="ns1")
    assert len({same_a.name, other_dim.name, other_chunk.name, other_scheme.name}) == 4
    for index in (same_a, same_b, other_dim, other_chunk, other_scheme):
        index.close()


def test_namespace_for_is_order_independent() -> None:
    d1 = make_doc([para_block(0, "甲")]).model_copy(update={"sha256": "1" * 64})
    d2 = make_doc([para_block(0, "乙")]).model_copy(update={"sha256": "2" * 64})
    assert namespace_for([d1, d2]) == namespace_for([d2, d1]) != namespace_for([d1])


# --------------------------------------------------------------------------- passages


def test_split_sentences_and_chunking_keep_offsets() -> None:
    text = "全年开展送戏下乡演出三百二十场次。 农村生活垃圾无害化处理率达到96.2%；\n\n完成情况良好！"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "全年开展送戏下乡演出三百二十场次。", "农村生活垃圾无害化处理率达到96.2%；", "完成情况良好！"]
    long_text = "，".join(["完成新改建农村公路108公里"] * 30) + "。"
    pieces = chunk_span(long_text, 0, len(long_text), 50)
    assert all(e - s <= 50 for s, e in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(long_text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(long_text[e - 1] == "，" for _, e in pieces[:-1])  # cut at clause ends


def test_passages_from_report_rows_sentences_and_claim_links() -> None:
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    row = ["产出指标", "数量指标", "新改建农村公路里程", "≥120公里", "108公里", "10", "9"]
    table = table_block(0, [header, row, ["", "", "", "", "", "", ""]])
    prose = "全年开展送戏下乡演出三百二十场次。农村生活垃圾无害化处理率达到96.2%。"
    para = para_block(1, prose)
    doc = make_doc([table, para])
    row_claim = Claim(id="c-row", kind="row", name="新改建农村公路里程", text=" | ".join(row),
                      span=table.cell_span(doc.name, 1))
    start = prose.index("农村生活垃圾")
    prose_claim = Claim(id="c-prose", kind="prose", text=prose[start:],
                        span=para.span(doc.name, start, start + 16))
    rx = ReportExtraction(document=doc.name, claims=[row_claim, prose_claim])

    passages = passages_from_report(doc, rx)
    texts = [p.text for p in passages]
    assert texts == [" | ".join(header), " | ".join(row), "全年开展送戏下乡演出三百二十场次。",
                     "农村生活垃圾无害化处理率达到96.2%。"]  # the empty row is skipped
    assert len({p.id for p in passages}) == len(passages)
    by_text = {p.text: p for p in passages}
    row_p = by_text[" | ".join(row)]
    assert row_p.claim_id == "c-row"
    assert (row_p.span.block, row_p.span.row, row_p.span.table) == (0, 1, 0)
    assert row_p.span.quote == " | ".join(row)
    assert by_text["农村生活垃圾无害化处理率达到96.2%。"].claim_id == "c-prose"
    assert by_text["全年开展送戏下乡演出三百二十场次。"].claim_id is None
    assert by_text[" | ".join(header)].claim_id is None
    s = by_text["农村生活垃圾无害化处理率达到96.2%。"].span
    assert prose[s.start:s.end] == s.quote == "农村生活垃圾无害化处理率达到96.2%。"


def test_table_rows_without_cell_offsets_still_become_row_passages() -> None:
    rows = [["三级指标", "实际完成值"], ["森林覆盖率", "62.3%"]]
    block = Block(index=0, kind="table", text="三级指标 | 实际完成值\n森林覆盖率 | 62.3%", table=0,
                  rows=[TableRow(index=i, cells=cells) for i, cells in enumerate(rows)])
    doc = make_doc([block])
    claim = Claim(id="c", kind="row", name="森林覆盖率", span=Span(file=doc.name, block=0, table=0, row=1))
    passages = passages_from_report(doc, ReportExtraction(document=doc.name, claims=[claim]))
    assert [(p.text, p.span.row, p.claim_id) for p in passages] == [
        ("三级指标 | 实际完成值", 0, None), ("森林覆盖率 | 62.3%", 1, "c")]
    assert passages[1].span.quote == "森林覆盖率 | 62.3%"


def test_passages_from_report_chunks_long_paragraphs() -> None:
    text = "，".join(f"第{i}项工作按计划完成" for i in range(40)) + "。"
    doc = make_doc([para_block(0, text)])
    passages = passages_from_report(doc, ReportExtraction(document=doc.name), chunk_chars=60)
    assert len(passages) > 1
    assert all(len(p.text) <= 60 for p in passages)
    assert "".join(p.text for p in passages) == text


# --------------------------------------------------------------------------- PassageIndex (hash, embedded Chroma)


@pytest.fixture
def hash_index(tmp_path: Path) -> Iterator[PassageIndex]:
    index = PassageIndex(settings_for(tmp_path), HashEmbedder(), namespace="hash-test", temporary=True)
    index.add([passage(f"p{i}", t) for i, t in enumerate(REPORT_TEXTS)])
    yield index
    index.close()


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "vector"])
def test_hash_index_search_modes(hash_index: PassageIndex, mode: str) -> None:
    hits = hash_index.search("农村生活垃圾无害化处理率", k=3, mode=mode)
    assert hits[0].passage_id == "p1"
    assert len(hits) == 3
    assert hits[0].span is not None and hits[0].span.file == "报告.txt"
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    sig = hits[0].signals
    if mode in ("hybrid", "bm25"):
        assert sig["bm25"] > 0 and sig["bm25_rank"] == 1 and sig["bm25_norm"] == pytest.approx(1.0)
    if mode in ("hybrid", "vector"):
        assert 0 < sig["vector"] <= 1.0 and sig["vector_rank"] == 1
    assert sig["fused"] == pytest.approx(hits[0].score)
    if mode == "hybrid":
        assert sig["rrf"] == pytest.approx(2 / 61) and hits[0].score == pytest.approx(1.0)


def test_hash_index_default_mode_and_k_come_from_settings(tmp_path: Path) -> None:
    s = settings_for(tmp_path, mode="bm25", top_k=2, fusion="weighted")
    with PassageIndex(s, HashEmbedder(), namespace="defaults", temporary=True) as index:
        index.add([passage(f"p{i}", t) for i, t in enumerate(REPORT_TEXTS)])
        hits = index.search("农村生活垃圾")
        assert len(hits) == 2 and hits[0].passage_id == "p1"
        assert "vector" not in hits[0].signals  # bm25 mode asks no vectors
        # BM25 returns only passages sharing a token with the query
        assert [h.passage_id for h in index.search("送戏下乡演出场次", k=5)] == ["p0"]
        weighted = index.search("送戏下乡演出场次", mode="hybrid")
        assert weighted[0].passage_id == "p0"
        sig = weighted[0].signals
        assert weighted[0].score == pytest.approx(0.5 * sig["bm25_norm"] + 0.5 * sig["vector"])
        with pytest.raises(ConfigError):
            index.search("送戏", mode="semantic")
        assert index.search("   ") == []
        assert index.search("送戏", k=0) == []


def test_bm25_user_terms_improve_lexical_search(hash_index: PassageIndex) -> None:
    hash_index.add_terms(["“最多跑一次”事项占比"])
    hits = hash_index.search("最多跑一次事项比例", k=1, mode="bm25")
    assert hits[0].passage_id == "p3"


def test_index_reopen_reuses_vectors_and_maps_hits_back(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    emb = CountingEmbedder()
    first = PassageIndex(s, emb, namespace="reopen")
    first.add([passage(f"p{i}", t, claim_id=f"c{i}" if i % 2 else None) for i, t in enumerate(REPORT_TEXTS)])
    assert emb.passages_embedded == len(REPORT_TEXTS)
    first.add([passage("p0", REPORT_TEXTS[0])])  # unchanged: nothing to embed
    assert emb.passages_embedded == len(REPORT_TEXTS)

    emb2 = CountingEmbedder()
    reopened = PassageIndex(s, emb2, namespace="reopen")
    assert len(reopened) == len(REPORT_TEXTS)
    assert [p.id for p in reopened.passages] == [f"p{i}" for i in range(len(REPORT_TEXTS))]
    reopened.add([passage(f"p{i}", t, claim_id=f"c{i}" if i % 2 else None) for i, t in enumerate(REPORT_TEXTS)])
    assert emb2.passages_embedded == 0
    # a changed claim link rewrites metadata only; a changed text is embedded again
    reopened.add([passage("p5", REPORT_TEXTS[5], claim_id="c-petition"), passage("p6", "开展职业技能培训九百人次。")])
    assert emb2.passages_embedded == 1
    hit = reopened.search("群众对政府工作满意度", k=1, mode="hybrid")[0]
    assert hit.passage_id == "p4"
    p4 = reopened.passage("p4")
    assert p4 is not None and p4.claim_id is None
    assert hit.span == passage("p4", REPORT_TEXTS[4]).span
    with PassageIndex(s, CountingEmbedder(), namespace="reopen") as third:
        assert third.passage("p5").claim_id == "c-petition"  # type: ignore[union-attr]
        assert third.passage("p6").text == "开展职业技能培训九百人次。"  # type: ignore[union-attr]
        assert [p.id for p in third.passages] == [f"p{i}" for i in range(len(REPORT_TEXTS))]

    reopened.drop()
    assert len(reopened) == 0
    with PassageIndex(s, emb, namespace="reopen") as fresh:
        assert len(fresh) == 0
    reopened.close()
    first.close()


def test_temporary_index_drops_its_collection(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    with PassageIndex(s, HashEmbedder(), namespace="tmp", temporary=True) as index:
        index.add([passage("p0", REPORT_TEXTS[0])])
        name = index.name
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(s.chroma_path), settings=ChromaSettings(anonymized_telemetry=False))
    assert name not in [c.name for c in client.list_collections()]


def test_collection_is_cosine_without_default_embedding_function(hash_index: PassageIndex) -> None:
    config = hash_index._collection.configuration_json
    assert config["hnsw"]["space"] == "cosine"
    assert config["embedding_function"] == {"type": "legacy"}  # i.e. none: Chroma never embeds for us
    assert hash_index._collection.metadata["embedder"] == "hash"


def test_empty_index_returns_no_hits(tmp_path: Path) -> None:
    with PassageIndex(settings_for(tmp_path), HashEmbedder(), namespace="empty", temporary=True) as index:
        assert index.search("群众满意度", k=5) == []


# --------------------------------------------------------------------------- real e5-small + persistent Chroma


E5_QUERIES = {
    # indicator names as a policy writes them -> the passage of the report that answers them
    "送戏下乡场次": 0,
    "生活垃圾无害化处理率": 1,
    "新改建农村公路里程": 2,
    "最多跑一次事项比例": 3,
    "群众满意度": 4,
    "职业技能培训人次": 6,
    "森林覆盖率": 8,
    "高标准农田建设面积": 11,
    "城镇新增就业人数": 15,
    "老旧小区改造数量": 16,
}


def test_e5_small_real_index_finds_differently_written_indicators(tmp_path: Path) -> None:
    s = settings_for(tmp_path)
    emb = get_embedder("e5-small", s.retrieval)
    assert (emb.name, emb.dim) == ("e5-small", 384)
    assert get_embedder("e5-small", s.retrieval) is not emb  # embedders are cheap …
    from docreview import retrieve

    model = retrieve._e5_model()
    assert retrieve._e5_model() is model  # … the model is loaded once per process
    vec = emb.embed_query(["群众满意度"])[0]
    assert len(vec) == 384 and math.isclose(sum(x * x for x in vec), 1.0, rel_tol=1e-4)

    index = PassageIndex(s, emb, namespace="e5-test", terms=list(E5_QUERIES))
    index.add([passage(f"p{i}", t) for i, t in enumerate(REPORT_TEXTS)])
    assert (s.chroma_path / "chroma.sqlite3").exists()
    misses: dict[str, list[str]] = {"hybrid": [], "bm25": [], "vector": []}
    for query, expected in E5_QUERIES.items():
        for mode in misses:
            hits = index.search(query, k=3, mode=mode)
            ids = [h.passage_id for h in hits]
            # hybrid must rank the answer first; each single signal must have it in its top 3
            if (mode == "hybrid" and ids[:1] != [f"p{expected}"]) or f"p{expected}" not in ids:
                misses[mode].append(f"{query} -> {ids}")
    assert misses == {"hybrid": [], "bm25": [], "vector": []}
    # the vector signal is a cosine similarity, in the same range as e5 scores
    top = index.search("生活垃圾无害化处理率", k=1, mode="vector")[0]
    assert 0.8 < top.score <= 1.0


# --------------------------------------------------------------------------- openai embedder over real HTTP


class _EmbeddingHandler(BaseHTTPRequestHandler):
    """A tiny OpenAI-compatible /v1/embeddings endpoint: hashing vectors of 32 dims."""

    requests: list[dict[str, object]] = []
    fail_status: int | None = None

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if self.path != "/v1/embeddings" or type(self).fail_status:
            status = type(self).fail_status or 404
            payload = {"error": {"message": "模型不可用 model unavailable", "type": "server_error"}}
        else:
            status = 200
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            vectors = HashEmbedder(dim=32).embed_passages(inputs)
            data = [{"object": "embedding", "index": i, "embedding": [v * 3 for v in vec]}
                    for i, vec in enumerate(vectors)]
            data.reverse()  # the client must order by index, not by position
            payload = {"object": "list", "data": data, "model": body["model"],
                       "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        raw = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def embedding_server() -> Iterator[str]:
    _EmbeddingHandler.requests = []
    _EmbeddingHandler.fail_status = None
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_openai_embedder_over_http(embedding_server: str, tmp_path: Path) -> None:
    rs = RetrievalSettings(embedder="openai", embed_base_url=embedding_server, embed_model="bge-m3",
                           embed_api_key="sk-test")
    emb = get_embedder("openai", rs)
    assert isinstance(emb, OpenAIEmbedder)
    emb.batch_size = 3
    texts = REPORT_TEXTS[:7]
    vectors = emb.embed_passages(texts)
    assert emb.dim == 32 and emb.name == "openai-bge-m3"
    assert len(_EmbeddingHandler.requests) == 3  # batched 3 + 3 + 1
    first = _EmbeddingHandler.requests[0]
    assert first["path"] == "/v1/embeddings" and first["auth"] == "Bearer sk-test"
    assert first["body"]["model"] == "bge-m3"  # type: ignore[index]
    expected = HashEmbedder(dim=32).embed_passages(texts)  # server scaled by 3; we re-normalise
    for got, want in zip(vectors, expected, strict=True):
        assert got == pytest.approx(want, abs=1e-6)

    index = PassageIndex(settings_for(tmp_path), emb, namespace="openai", temporary=True)
    index.add([passage(f"p{i}", t) for i, t in enumerate(texts)])
    assert index.search("生活垃圾无害化处理率", k=1)[0].passage_id == "p1"
    index.close()


def test_openai_embedder_failure_is_a_retrieval_error(embedding_server: str) -> None:
    _EmbeddingHandler.fail_status = 500
    emb = OpenAIEmbedder(base_url=embedding_server, model="bge-m3", max_retries=0)
    with pytest.raises(RetrievalError, match="500"):
        emb.embed_query(["群众满意度"])
    closed = OpenAIEmbedder(base_url=f"http://127.0.0.1:{free_port()}/v1", model="bge-m3", max_retries=0,
                            timeout=5)
    with pytest.raises(RetrievalError, match="cannot reach"):
        _ = closed.dim


# --------------------------------------------------------------------------- Chroma server (HttpClient)


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        found = shutil.which("chroma")
        if found is None:
            pytest.skip("chroma executable not installed")
        exe = Path(found)
    port = free_port()
    log_path = tmp_path / "chroma.log"
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen([str(exe), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start: {log_path.read_text(encoding='utf-8')[-2000:]}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.mark.slow
def test_index_through_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    s = settings_for(tmp_path, chroma_url=chroma_server)
    index = PassageIndex(s, HashEmbedder(), namespace="server")
    assert type(index._client).__name__ != "PersistentClient"
    index.add([passage(f"p{i}", t, claim_id="c-road" if i == 2 else None) for i, t in enumerate(REPORT_TEXTS)])
    hits = index.search("新改建农村公路里程", k=3)
    assert hits[0].passage_id == "p2" and hits[0].signals["vector_rank"] == 1
    # a second client sees the same collection, passages mapped back from the stored span metadata
    again = PassageIndex(s, HashEmbedder(), namespace="server")
    assert len(again) == len(REPORT_TEXTS)
    assert again.passage("p2").claim_id == "c-road"  # type: ignore[union-attr]
    assert again.search("新改建农村公路里程", k=1, mode="vector")[0].passage_id == "p2"
    assert not (s.chroma_path / "chroma.sqlite3").exists()  # nothing written to the embedded store
    again.drop()
    again.close()
    index.close()


def test_unreachable_chroma_server_is_a_retrieval_error(tmp_path: Path) -> None:
    s = settings_for(tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(RetrievalError, match="Chroma"):
        PassageIndex(s, HashEmbedder(), namespace="nowhere")


def test_deferred_vectors_are_computed_on_first_vector_search(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    index = PassageIndex(settings_for(tmp_path), embedder, namespace="deferred", temporary=True)
    texts = ["全年开展送戏下乡演出三百二十场次", "农村生活垃圾无害化处理率达到96.2%", "新改建农村公路108公里"]
    index.add([passage(f"p{i}", t) for i, t in enumerate(texts)], defer_vectors=True)
    assert index.pending == 3 and embedder.passages_embedded == 0
    bm25 = index.search("新改建农村公路", k=1, mode="bm25")
    assert bm25[0].passage_id == "p2" and embedder.passages_embedded == 0  # lexical search needs no vectors
    hits = index.search("生活垃圾无害化处理率", k=1, mode="vector")
    assert index.pending == 0 and embedder.passages_embedded == 3
    assert hits[0].passage_id == "p1"
    index.search("送戏下乡", k=1, mode="hybrid")
    assert embedder.passages_embedded == 3  # embedded once
    index.drop()


def test_lazy_index_opens_chroma_only_for_vectors_and_reuses_stored_ones(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    texts = ["全年开展送戏下乡演出三百二十场次", "农村生活垃圾无害化处理率达到96.2%", "新改建农村公路108公里"]
    first = CountingEmbedder()
    index = PassageIndex(settings, first, namespace="lazy", lazy=True)
    index.add([passage(f"p{i}", t) for i, t in enumerate(texts)], defer_vectors=True)
    assert index.search("新改建农村公路", k=1, mode="bm25")[0].passage_id == "p2"
    assert not settings.chroma_path.exists()  # BM25 alone never started Chroma
    assert index.search("生活垃圾无害化处理率", k=1, mode="vector")[0].passage_id == "p1"
    assert first.passages_embedded == 3 and settings.chroma_path.exists()
    index.close()
    # the same documents reviewed again: stored vectors are reused, only the changed text is embedded
    second = CountingEmbedder()
    again = PassageIndex(settings, second, namespace="lazy", lazy=True)
    again.add([passage("p0", texts[0]), passage("p1", texts[1]), passage("p2", "新改建农村公路112公里")],
              defer_vectors=True)
    assert again.search("新改建农村公路", k=1, mode="vector")[0].passage_id == "p2"
    assert second.passages_embedded == 1
    again.drop()
    again.close()
