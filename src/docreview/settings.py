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
    max_unpacked_mb: float = 500.0  # DOCX/XLSX are zip archives
    max_compression_ratio: float = 200.0
    max_pages: int = 3000
    pdf_tables: bool = True  # use pdfplumber for ruled tables
    fast_prose_pages_over: int = 20  # PDFs longer than this read pages without ruling lines with pypdf only


class RetrievalSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_RETRIEVAL_", extra="ignore")

    embedder: str = Field("e5-small", validation_alias=AliasChoices("DOCREVIEW_EMBEDDER", "embedder"))
    chroma_url: str | None = Field(None, validation_alias=AliasChoices("DOCREVIEW_CHROMA_URL", "chroma_url"))
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

    @property
    def enabled(self) -> bool:
        return bool(self.base_url)


class StoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_STORE_", extra="ignore")

    database_url: str | None = Field(
        None, validation_alias=AliasChoices("DOCREVIEW_DATABASE_URL", "database_url"))
    upload_max_mb: float = 50.0


class Settings(BaseSettings):
    """All of docreview's configuration."""

    model_config = SettingsConfigDict(env_prefix="DOCREVIEW_", extra="ignore")

    workspace: Path = Path(".docreview")
    ingest: IngestSettings = Field(default_factory=lambda: IngestSettings())
    retrieval: RetrievalSettings = Field(default_factory=lambda: RetrievalSettings())
    scoring: ScoringSettings = Field(default_factory=lambda: ScoringSettings())
    llm: LLMSettings = Field(default_factory=lambda: LLMSettings())
    store: StoreSettings = Field(default_factory=lambda: StoreSettings())

    @property
    def chroma_path(self) -> Path:
        return self.workspace / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.workspace / "cache"

    @property
    def database_url(self) -> str:
        return self.store.database_url or f"sqlite:///{(self.workspace / 'docreview.db').resolve()}"
