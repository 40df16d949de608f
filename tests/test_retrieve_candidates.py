"""retrieve + match at the size of real prose reports (issue 17): hybrid search embeds only the passages BM25
or the name match puts near an indicator, vectors are cached by text in Chroma, passages link to their claims
without scanning every claim, and matching reports its progress.  Real Chroma, real e5-small."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from docreview import extract, ingest
from docreview.docgen import DocSpec, Heading, Para, Table, write
from docreview.models import Passage, Span
from docreview.pipeline import run_review
from docreview.retrieve import (
    E5SmallEmbedder,
    PassageIndex,
    _link_claim,
    get_embedder,
    passages_from_report,
    register_embedder,
    text_key,
    vector_cache_name,
)
from docreview.settings import RetrievalSettings, Settings

ROOT = Path(__file__).resolve().parents[1]


class CountingE5:
    """The bundled e5-small embedder, recording every text it is asked to embed."""

    made: list[CountingE5] = []

    def __init__(self, settings: RetrievalSettings) -> None:
        self._inner = E5SmallEmbedder(batch_size=settings.embed_batch_size, threads=settings.embed_threads)
        self.name = self._inner.name
        self.dim = self._inner.dim
        self.passages: list[str] = []
        self.queries: list[str] = []
        CountingE5.made.append(self)

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        self.passages.extend(texts)
        return self._inner.embed_passages(texts)

    def embed_query(self, texts: list[str]) -> list[list[float]]:
        self.queries.extend(texts)
        return self._inner.embed_query(texts)


@pytest.fixture
def counting() -> Iterator[type[CountingE5]]:
    CountingE5.made = []
    register_embedder("counting-e5", CountingE5)
    yield CountingE5


def settings_for(tmp_path: Path, **retrieval: object) -> Settings:
    return Settings(workspace=tmp_path / "ws",
                    retrieval=RetrievalSettings(embedder="counting-e5", **retrieval))  # type: ignore[arg-type]


TOWNS = ["城关镇", "石桥镇", "河口乡", "白沙镇", "青山乡", "龙潭镇", "柳林乡", "双河镇"]


def town_sentences(n: int, *, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    shapes = [
        lambda t: f"{t}完成路面修补{rng.randint(300, 9000)}平方米、清理边沟{rng.randint(5, 90)}公里、整治路域环境问题"
                  f"{rng.randint(10, 300)}处。",
        lambda t: f"全年拨付{t}养护资金{rng.randint(15, 260)}万元，占年度养护预算的{rng.randint(30, 99)}%，较上年增加"
                  f"{rng.randint(2, 40)}万元。",
        lambda t: f"{t}组织开展安全生产培训{rng.randint(1, 8)}期，培训{rng.randint(40, 900)}人次，发放宣传资料"
                  f"{rng.randint(200, 5000)}份。",
        lambda t: f"{t}累计投入劳动力{rng.randint(800, 9000)}个工日，设置公益性岗位{rng.randint(4, 60)}个，带动"
                  f"{rng.randint(20, 400)}户脱贫户增收。",
    ]
    return [shapes[i % len(shapes)](TOWNS[i % len(TOWNS)]) for i in range(n)]


ANSWERS = [
    "全年农村生活垃圾无害化处理率达到96.2%，较上年提高3个百分点，新增转运站4座。",
    "截至12月底，全县累计完成新改建农村公路112.6公里，完成年度目标的102.4%。",
    "年底委托第三方开展问卷调查，回收有效问卷1168份，沿线群众满意度为94.6%。",
]


def prose_passages(n: int) -> list[Passage]:
    texts = town_sentences(n - len(ANSWERS))
    for i, answer in enumerate(ANSWERS):
        texts.insert(7 * (i + 1), answer)
    return [Passage(id=f"p{i}", text=t, span=Span(file="报告.txt", block=i, start=0, end=len(t), quote=t))
            for i, t in enumerate(texts)]


# --------------------------------------------------------------------------- what hybrid search embeds


def test_hybrid_search_embeds_only_the_bm25_candidates_and_given_ones(counting: type[CountingE5],
                                                                       tmp_path: Path) -> None:
    s = settings_for(tmp_path, vector_candidates=4)
    emb = get_embedder("counting-e5", s.retrieval)
    passages = prose_passages(48)
    text_of = {p.id: p.text for p in passages}
    with PassageIndex(s, emb, namespace="candidates", lazy=True) as index:
        index.add(passages, defer_vectors=True)
        query = "农村生活垃圾无害化处理率 ≥95%"
        lexical = [h.passage_id for h in index.search(query, k=4, mode="bm25")]
        assert 1 < len(lexical) <= 4 and emb.passages == []  # BM25 needs no vector
        hits = index.search(query, k=3, mode="hybrid")
        assert hits[0].text == ANSWERS[0] and hits[0].signals["vector_rank"] == 1
        assert sorted(emb.passages) == sorted(text_of[pid] for pid in lexical)  # those 4, nothing else
        # a passage the caller's name match found is compared too, and embedded once
        extra = next(p.id for p in passages if p.id not in lexical)
        index.search(query, k=3, mode="hybrid", candidates=[extra])
        assert emb.passages[len(lexical):] == [text_of[extra]]
        index.search(query, k=3, mode="hybrid", candidates=[extra])
        assert len(emb.passages) == len(lexical) + 1
        # one batch for several queries: their pools are embedded together, queries in one call
        before = len(emb.passages)
        fresh = index.prepare_search(["新改建农村公路里程", "沿线群众满意度"])
        assert fresh == len(emb.passages) - before <= 8
        assert emb.queries[-2:] == ["新改建农村公路里程", "沿线群众满意度"]
        calls = len(emb.queries)
        assert index.search("沿线群众满意度", k=1)[0].text == ANSWERS[2]
        assert len(emb.queries) == calls and len(emb.passages) == before + fresh  # all prepared
        # plain vector search still covers every passage (the ablation's "vector" mode)
        assert index.search("沿线群众满意度", k=1, mode="vector")[0].text == ANSWERS[2]
        assert sorted(set(emb.passages)) == sorted(text_of.values())
        assert len(emb.passages) == len(passages)  # … each text embedded exactly once


def test_a_cached_text_is_not_embedded_again(counting: type[CountingE5], tmp_path: Path) -> None:
    s = settings_for(tmp_path, vector_candidates=4)
    passages = prose_passages(30)
    first = get_embedder("counting-e5", s.retrieval)
    with PassageIndex(s, first, namespace="document-a", lazy=True) as index:
        index.add(passages, defer_vectors=True)
        index.search("新改建农村公路里程", k=3)
    assert 0 < len(first.passages) <= 4
    # another document (another namespace) with the same sentences, in a fresh index: vectors come from the
    # cache collection in Chroma, keyed by the text
    second = get_embedder("counting-e5", s.retrieval)
    changed = [p if p.text != ANSWERS[1] else p.model_copy(update={"text": ANSWERS[1].replace("112.6", "113.1")})
               for p in passages]
    with PassageIndex(s, second, namespace="document-b", lazy=True) as index:
        index.add(changed, defer_vectors=True)
        hits = index.search("新改建农村公路里程", k=3)
        assert "113.1公里" in hits[0].text
    assert second.passages == [ANSWERS[1].replace("112.6", "113.1")]  # only the changed sentence
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(s.chroma_path), settings=ChromaSettings(anonymized_telemetry=False))
    cache = client.get_collection(vector_cache_name(embedder="e5-small", dim=384))
    assert cache.count() == len(set(first.passages) | set(second.passages))
    assert cache.get(ids=[text_key(ANSWERS[1])])["ids"] == [text_key(ANSWERS[1])]
    assert cache.configuration_json["embedding_function"] == {"type": "legacy"}  # Chroma never embeds for us


# --------------------------------------------------------------------------- a whole review


def write_case(folder: Path, sentences: int) -> tuple[Path, Path]:
    policy = write(DocSpec(blocks=[Heading("农村公路提档升级项目绩效目标表"), Table([
        ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
        ["产出指标", "数量指标", "新改建农村公路里程", "≥110公里", "30"],
        ["效益指标", "生态效益指标", "农村生活垃圾无害化处理率", "≥95%", "30"],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "40"]])]), folder / "policy.docx")
    body = town_sentences(sentences - len(ANSWERS))
    paragraphs = ["".join(ANSWERS)] + ["".join(body[i:i + 4]) for i in range(0, len(body), 4)]
    report = write(DocSpec(blocks=[Heading("农村公路提档升级项目绩效自评报告"), *map(Para, paragraphs)]),
                   folder / "report.txt")
    return policy, report


def test_review_embeds_candidates_only_reports_match_progress_and_reuses_vectors(
        counting: type[CountingE5], tmp_path: Path) -> None:
    policy, report = write_case(tmp_path, 120)
    s = settings_for(tmp_path, vector_candidates=5)
    seen: list[tuple[str, int, int]] = []
    review = run_review([policy], [report], settings=s, explain=False,
                        progress=lambda stage, done, total: seen.append((stage, done, total)))
    (emb,) = counting.made
    actuals = {r.name: r.actual.text if r.actual else None for r in review.results}
    assert actuals == {"新改建农村公路里程": "112.6公里", "农村生活垃圾无害化处理率": "96.2%", "沿线群众满意度": "94.6%"}
    # three indicators, each comparing at most 5 BM25 passages and 5 named like it: never every passage
    assert 0 < len(emb.passages) <= 3 * (5 + 5) < 100
    assert len(set(emb.passages)) == len(emb.passages)
    # progress inside matching: passages tokenised, indicators searched, claims compared
    match = [(done, total) for stage, done, total in seen if stage == "match"]
    assert len(match) > 5
    assert all(total == match[-1][1] for _, total in match)
    assert [done for done, _ in match] == sorted(done for done, _ in match)
    assert match[-1][0] == match[-1][1] >= len(review.claims) + len(review.indicators)

    # the same report again: every vector is in the cache, nothing is embedded
    again = run_review([policy], [report], settings=s, explain=False)
    assert counting.made[-1].passages == []
    assert [m.claim_id for m in again.matches] == [m.claim_id for m in review.matches]


# --------------------------------------------------------------------------- passages and their claims


@pytest.mark.parametrize("path", [ROOT / "samples" / "report_自评报告.txt", ROOT / "samples" / "report_自评表.pdf",
                                  ROOT / "corpus" / "h12_elderly_care" / "report.txt"])
def test_passages_link_the_claims_a_scan_of_every_claim_links(path: Path, tmp_path: Path) -> None:
    doc = ingest.read(path)
    rx = extract.extract_report(doc)
    passages = passages_from_report(doc, rx, chunk_chars=40)  # short chunks: several passages per sentence
    assert rx.claims and any(p.claim_id for p in passages)
    for p in passages:
        assert p.claim_id == _link_claim(p.span, rx.claims), p.text


def test_passages_of_a_long_single_block_report_link_their_own_claims(tmp_path: Path) -> None:
    # one paragraph of 400 sentences: linking looks at the claims near each passage, not at all of them
    text = "".join(town_sentences(400))
    path = tmp_path / "report.txt"
    path.write_text("农村公路项目绩效自评报告\n\n" + text, encoding="utf-8")
    doc = ingest.read(path)
    rx = extract.extract_report(doc)
    passages = passages_from_report(doc, rx)
    linked = [p for p in passages if p.claim_id]
    assert len(linked) >= 350
    claims = {c.id: c for c in rx.claims}
    for p in linked[::37]:
        assert p.claim_id == _link_claim(p.span, rx.claims)
        assert claims[p.claim_id].span.block == p.span.block  # type: ignore[index]
