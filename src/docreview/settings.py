"""The one settings object.  Every value can come from the environment (prefix ``DOCREVIEW_``).

Sub-sections read their own prefixes so that the documented names stay short:
``DOCREVIEW_LLM_BASE_URL``, ``DOCREVIEW_CHROMA_URL``, ``DOCREVIEW_DATABASE_URL``,
``DOCREVIEW_INGEST_MAX_FILE_MB`` …  Core code receives a ``Settings`` and never reads ``os.environ``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class IngestSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_INGEST_", extra="ignore")

    max_file_mb: float = 50.0
    max_unpacked_mb: float = 200.0  # DOCX/XLSX are zip archives: all parts together, inflated
    max_compression_ratio: float = 200.0
    max_pages: int = 3000
    pdf_tables: bool = True  # use pdfplumber for ruled tables
    fast_prose_pages_over: int = 20  # PDFs longer than this read pages without ruling lines with pypdf only
    pdf_split_read: bool = Field(True, description="A long PDF with ruled and unruled pages reads the unruled ones "
                                 "(pypdf) in a forked process while the ruled ones (pdfplumber) are read: about half "
                                 "the wait on 2 cores. Only in the single-threaded parsing worker.")
    ocr: bool = Field(default=True, description="Read image files (PNG/JPEG/TIFF) and PDF pages without a "
                      "usable text layer with OCR (rapidocr-onnxruntime); off: such files are refused.")
    ocr_max_pages: int = Field(default=60, description="Most pages of one file that OCR will read; a file with "
                               "more pages to OCR is refused with a message naming the limit.")
    ocr_dpi: int = Field(default=200, description="Resolution at which image-only PDF pages are rendered for OCR "
                         "(measured: eval/bench_ocr.py).")
    ocr_min_confidence: float = Field(default=0.9, description="A number read by OCR with a lower recognition "
                                      "confidence is marked uncertain (TableRow.uncertain): a reviewer checks it.")
    ocr_max_pixels: int = Field(default=80_000_000, description="Largest image (width × height) OCR will decode; "
                                "bigger ones are refused before decoding (decompression bombs).")

    # Bounds on the work one document may cost (issue 18).  Every document is parsed in a child process
    # with a wall-clock deadline and an address-space ceiling; the structural caps below make ordinary
    # large or crafted files fail fast with a precise message instead of waiting for the deadline.
    isolate: bool = Field(True, description="Parse each document in a child process with the deadline and "
                                            "memory ceiling below (off: in this process, for tests and benches).")
    deadline_s: float = Field(120.0, description="Wall-clock seconds one document may take to parse.")
    parallel_reads: int = Field(2, ge=1, description="Files of one review read at once, each in its own worker "
                                "with its own deadline and memory ceiling (1: one after the other).")
    ocr_page_deadline_s: float = Field(20.0, description="Seconds added to deadline_s for each page a document "
                                       "needs OCR for, so a long scan is not stopped at the deadline of a text file "
                                       "(a page takes about 3-4 s on 2 idle cores, eval/bench_ocr.py; 5× that under "
                                       "load).")
    memory_mb: int = Field(2048, description="Address space, in MB, the parsing process may map on top of what "
                           "its warm worker already maps (the parsers' imports): past it the read ends with "
                           "MemoryLimitExceeded naming the file.")
    max_table_cells: int = Field(500_000, description="Cells (rows × columns, merged ones included) per table.")
    max_cells: int = Field(2_000_000, description="Cells of all tables of a document together.")
    max_columns: int = Field(16_384, description="Columns of one table or sheet (16,384: the widest sheet Excel "
                             "allows; the cells cap bounds the work, and review time is linear in width, eval/bench_wide.py).")
    max_sheet_rows: int = Field(100_000, description="Rows of one worksheet or text table.")
    max_tables: int = Field(2_000, description="Tables per document.")
    max_depth: int = Field(200, description="Nesting depth of HTML elements.")
    max_chars: int = Field(10_000_000, description="Characters of text per document.")
    max_line_chars: int = Field(1_000_000, description="Characters in one line of a TXT/Markdown file.")
    max_inflated_mb: float = Field(100.0, description="Total inflated size of a PDF's page content streams, in MB.")
    max_page_text_ops: int = Field(100_000, description="Text-showing operators (Tj, TJ) on one PDF page.")
    max_pdf_string_kb: int = Field(64, description="Length of one string literal in a PDF content stream, in KB.")


class RetrievalSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_RETRIEVAL_", extra="ignore")

    embedder: str = Field("e5-small", validation_alias=AliasChoices("DOCREVIEW_EMBEDDER", "embedder"))
    chroma_url: str | None = Field(None, validation_alias=AliasChoices("DOCREVIEW_CHROMA_URL", "chroma_url"))
    chroma_dir: Path | None = Field(None, description="Folder of the embedded Chroma store (default: workspace/chroma). "
                                    "Each queue worker process takes a folder of its own: embedded Chroma is not "
                                    "safe for several processes.")
    embed_base_url: str | None = Field(
        None, validation_alias=AliasChoices("DOCREVIEW_EMBED_BASE_URL", "embed_base_url"))
    embed_model: str = Field("bge-m3", validation_alias=AliasChoices("DOCREVIEW_EMBED_MODEL", "embed_model"))
    embed_api_key: str | None = Field(
        None, validation_alias=AliasChoices("DOCREVIEW_EMBED_API_KEY", "embed_api_key"))
    mode: Literal["hybrid", "bm25", "vector"] = "hybrid"
    fusion: Literal["rrf", "weighted"] = "rrf"
    rrf_k: int = 60
    bm25_weight: float = 0.5
    vector_weight: float = 0.5
    top_k: int = 5
    vector_candidates: int = Field(
        default=20, ge=1,
        description="Hybrid search embeds only the passages that BM25 (or the matcher's name match) already puts "
                    "near a query: at most this many of each per query, best first (with rrf_k 60 and top_k 5, a "
                    "passage below BM25 rank 20 rarely reaches the top 5 even when its vector ranks first).  Their "
                    "vectors are cached by text hash in Chroma, so a text is embedded once per embedder.")
    embed_batch_size: int = Field(
        default=32, ge=1, description="Texts per call to the bundled e5-small engine (it parallelises across them).")
    embed_threads: int = Field(
        default=0, ge=0,
        description="Threads of the bundled e5-small engine (0: one per core); read when the model first loads.")
    match_threshold: float = 0.5
    row_name_threshold: float = 0.72
    chunk_chars: int = 300
    chunking: str = "row-sentence"


class ScoringSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_SCORING_", extra="ignore")

    profile: str = "default"
    profiles_dir: Path | None = None  # extra folder of YAML profiles


class LLMSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_LLM_", extra="ignore")

    base_url: str | None = Field(
        None, validation_alias=AliasChoices("DOCREVIEW_LLM_BASE_URL", "OPENAI_BASE_URL", "base_url"))
    model: str = Field("deepseek-chat", validation_alias=AliasChoices("DOCREVIEW_LLM_MODEL", "model"))
    api_key: str | None = Field(
        None, validation_alias=AliasChoices("DOCREVIEW_LLM_API_KEY", "OPENAI_API_KEY", "api_key"))
    timeout: float = 60.0
    max_retries: int = 3
    backoff_base: float = 1.0
    concurrency: int = 4
    token_budget: int = 200_000
    max_reasks: int = 2
    temperature: float = 0.0
    cache: bool = True
    rate_per_s: float = Field(0.0, ge=0.0, description="Requests per second that all workers together may send "
                              "to the endpoint (a token bucket; 0: no limit).  Shared through Redis when "
                              "rate_limit_url (or DOCREVIEW_QUEUE_URL) is set, else per process.")
    burst: int = Field(4, ge=1, description="Requests that may be sent at once before rate_per_s applies "
                       "(the size of the token bucket).")
    rate_limit_url: str | None = Field(
        None, validation_alias=AliasChoices("DOCREVIEW_LLM_RATE_LIMIT_URL", "DOCREVIEW_QUEUE_URL", "rate_limit_url"),
        description="redis://… holding the shared token bucket (defaults to the queue's Redis); unset: the "
                    "bucket is in this process.")

    @property
    def enabled(self) -> bool:
        return bool(self.base_url)


class StoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_STORE_", extra="ignore")

    database_url: str | None = Field(
        None, validation_alias=AliasChoices("DOCREVIEW_DATABASE_URL", "database_url"))
    upload_max_mb: float = Field(50.0, gt=0, description="Largest file one upload may be, in MB: the upload page says it, its file pickers and `docreview app` (Streamlit's server.maxUploadSize) enforce it, and the store refuses a larger file before writing anything.")


class QueueSettings(BaseSettings):
    """The review queue (issue 14): Huey in the workspace by default, Redis for several machines."""

    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_QUEUE_", extra="ignore")

    url: str | None = Field(
        None, validation_alias=AliasChoices("DOCREVIEW_QUEUE_URL", "url"),
        description="redis://host:port/db: the queue lives in Redis (RedisHuey) and consumers may run on any "
                    "machine (`docreview worker`); unset: SqliteHuey in the workspace folder (queue.db).")
    name: str = Field("docreview", description="Name of the Huey queue (the Redis key prefix): the app and every "
                      "consumer of one workspace must use the same.")
    lease_s: float = Field(60.0, gt=0, description="Seconds a running job stays claimed without a heartbeat; the "
                           "worker renews it every lease_s / 3.  A job whose lease ran out (its worker died) is "
                           "queued again by the periodic reaper.")
    reap_interval_s: int = Field(60, ge=1, le=3600, description="Seconds between two runs of the periodic reaper "
                                 "task (expired leases, tasks lost from the queue).")
    max_attempts: int = Field(3, ge=1, description="Runs a job may start before it is marked failed (a document "
                              "that kills its worker every time must not loop forever).")
    poll_s: float = Field(1.0, gt=0, description="Longest wait of an idle consumer between two looks at a SQLite "
                          "queue (Redis consumers block and wake at once).")
    store_retry_s: float = Field(60.0, ge=0, description="Seconds a worker keeps trying to save a finished "
                                 "review while the store is unavailable before it hands the job back to the queue.")
    app_workers: int = Field(1, ge=0, description="Workers of the consumer that `docreview app` starts beside the "
                             "app (0: none, the reviews run on `docreview worker` machines).")
    ui_refresh_s: float = Field(2.0, gt=0, description="Seconds between two refreshes of the batch progress page.")
    stage_sleep_s: float = Field(0.0, ge=0, description="TEST HOOK, never set in production: seconds a worker "
                                 "waits at the start of each pipeline stage, so that tests can stop a worker in "
                                 "the middle of a review deterministically.")
    review_step: str | None = Field(None, description="TEST HOOK, never set in production: 'module:function' "
                                    "run in a job's bounded review child instead of pipeline.review_read (a "
                                    "stand-in that allocates without end, hangs or dies), to test the child's "
                                    "memory ceiling and deadline through a real consumer.")


class AuthSettings(BaseSettings):
    """Sign-in and sessions of the reviewer workspace (issue 16)."""

    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_AUTH_", extra="ignore")

    max_failures: int = Field(5, ge=1, description="Wrong passwords for one account within window_s after which "
                              "the account is locked for lockout_minutes (a success starts the count again).")
    max_failures_per_address: int = Field(20, ge=1, description="Wrong passwords from one network address (any "
                                          "accounts) within window_s after which the address is locked.")
    window_s: float = Field(60.0, gt=0, description="Seconds over which wrong passwords are counted.")
    lockout_minutes: float = Field(15.0, ge=0, description="Minutes a locked account or address is refused, even "
                                   "with the right password.")
    delay_s: float = Field(1.0, ge=0, description="The last two attempts before a lockout must wait this long after "
                           "the previous failure, then twice as long (1 s, 2 s): growing delays.")
    password_min_length: int = Field(8, ge=6, description="Fewest characters of a password; passwords on the "
                                     "shipped list of common passwords are refused whatever their length.")
    session_idle_minutes: float = Field(30.0, gt=0, description="Minutes without any action after which the app "
                                        "signs the user out.")
    trust_proxy_headers: bool = Field(False, description="Take the client address from X-Forwarded-For / "
                                      "X-Real-IP (set behind a reverse proxy that sets them, never otherwise: a "
                                      "client could forge them).")


class Settings(BaseSettings):
    """All of docreview's configuration."""

    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_", extra="ignore")

    workspace: Path = Path(".docreview")
    review_deadline_s: float = Field(
        600.0, description="Wall-clock seconds one review (a document set) may take after its files are read "
        "and extracted (those run in the bounded parsing worker, IngestSettings.deadline_s): indexing, matching, "
        "scoring and explaining check it between stages and inside the long ones; past it the review ends "
        "with ReviewTimeout naming the files.")
    review_memory_mb: int = Field(
        4096, gt=0, description="Address-space ceiling (RLIMIT_AS), in MB, of the process that runs one review "
        "after its files are read (index, match with e5 + Chroma, score, explain): queue jobs and `docreview review` "
        "review in a child process with this ceiling and review_deadline_s (pipeline.review_bounded); one that "
        "reaches it or dies is stopped with ReviewMemoryExceeded naming the files (e5 + Chroma need about 1.3 GB "
        "of address space).")
    ingest: IngestSettings = Field(default_factory=lambda: IngestSettings())
    retrieval: RetrievalSettings = Field(default_factory=lambda: RetrievalSettings())
    scoring: ScoringSettings = Field(default_factory=lambda: ScoringSettings())
    llm: LLMSettings = Field(default_factory=lambda: LLMSettings())
    store: StoreSettings = Field(default_factory=lambda: StoreSettings())
    queue: QueueSettings = Field(default_factory=lambda: QueueSettings())
    auth: AuthSettings = Field(default_factory=lambda: AuthSettings())

    @property
    def chroma_path(self) -> Path:
        return self.retrieval.chroma_dir or self.workspace / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.workspace / "cache"

    @property
    def database_url(self) -> str:
        return self.store.database_url or f"sqlite:///{(self.workspace / 'docreview.db').resolve()}"
