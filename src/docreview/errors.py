"""Error hierarchy.  Core code raises these; the CLI and the app translate them at the edge.

Every message is one line a reviewer understands, naming the file where there is one, in Chinese and English.
"""

from __future__ import annotations


class DocReviewError(Exception):
    """Root of all docreview errors."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class ConfigError(DocReviewError):
    """A setting, profile or option is invalid."""


class DocumentError(DocReviewError):
    """A document could not be read.  Subclasses say why."""

    zh = "文件无法读取"
    en = "cannot be read"

    def __init__(self, path: str, detail: str = "") -> None:
        from pathlib import Path

        name = Path(path).name
        extra = f": {detail}" if detail else ""
        super().__init__(f"{name}: {self.zh} / {self.en}{extra}", path=path)
        self.detail = detail

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, str]]:
        # rebuilt from (path, detail), not from the formatted message: errors cross a process boundary
        return self.__class__, (self.path or "", self.detail)


class EmptyDocument(DocumentError):
    zh = "文件为空"
    en = "the file is empty"


class UnsupportedFormat(DocumentError):
    zh = "不支持的文件类型"
    en = "unsupported file type"


class DocumentUnreadable(DocumentError):
    zh = "文件已损坏或不完整"
    en = "the file is corrupt or truncated"


class EncryptedDocument(DocumentError):
    zh = "文件有密码保护，请提供未加密的版本"
    en = "the file is password-protected"


class ScannedDocument(DocumentError):
    zh = "PDF 没有文字层（扫描件），需要先做 OCR"
    en = "no text layer; OCR needed"


class GarbledText(DocumentError):
    zh = "PDF 文字解码为乱码（字体缺少 Unicode 映射）"
    en = "text decodes to garbage (font has no Unicode mapping)"


class FileTooLarge(DocumentError):
    zh = "文件超过大小上限"
    en = "file exceeds the size limit"


class ArchiveBomb(DocumentError):
    zh = "压缩内容解压后过大，疑似压缩炸弹"
    en = "archive would unpack to an excessive size"


class ParseTimeout(DocumentError):
    """The parsing process ran past ``IngestSettings.deadline_s`` and was stopped."""

    zh = "文件解析超时"
    en = "parsing timed out"


class ReviewTimeout(DocumentError):
    """The review of a document set ran past ``Settings.review_deadline_s`` (checked between stages and
    inside the long ones); ``path`` is the first report of the set, the detail names the others."""

    zh = "审核超时"
    en = "the review timed out"


class ReviewMemoryExceeded(DocumentError):
    """The process reviewing a document set (after its files were read) reached ``Settings.review_memory_mb``
    or died (an allocation that failed in C aborts it) and was stopped; ``path`` is the first report and the
    detail names the ceiling and the files: ``审核超出内存上限（4096 MB），已停止：甲.docx、乙.docx``."""

    zh = "审核超出内存上限"
    en = "the review exceeded the memory limit"

    def __init__(self, path: str, detail: str = "") -> None:
        DocReviewError.__init__(self, f"{self.zh}{detail} / {self.en}", path=path)
        self.detail = detail


class MemoryLimitExceeded(DocumentError):
    """The parsing process reached ``IngestSettings.memory_mb``."""

    zh = "文件解析超出内存上限"
    en = "parsing exceeded the memory limit"


class DocumentTooComplex(DocumentError):
    """A structural cap (cells, columns, rows, tables, nesting, characters, inflated size) was reached;
    the detail names which one, e.g. ``表格过大：超过 500000 个单元格 / table too large: more than 500000 cells``."""

    zh = "文件内容超出处理上限"
    en = "the content exceeds a processing limit"


class EncodingError(DocumentError):
    zh = "无法识别文本编码"
    en = "cannot detect the text encoding"


class RetrievalError(DocReviewError):
    """The vector store or embedder failed."""


class LLMError(DocReviewError):
    """An LLM call failed.  ``retryable`` says whether trying again may help."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class StoreError(DocReviewError):
    """The workspace store failed."""


class ConflictError(StoreError):
    """Someone else changed the record since it was read (optimistic locking)."""


ACCESS_DENIED = "无权访问该审核记录 / you have no access to this review"


class AccessError(DocReviewError):
    """The caller may not read or change this record (the access model of issue 16: teams and roles)."""

    def __init__(self, message: str = ACCESS_DENIED) -> None:
        super().__init__(message)


class ReviewClosed(AccessError):
    """The review is closed: read-only until a lead or an admin reopens it."""

    def __init__(self, message: str = "该审核已关闭，只读；需由组长或管理员重新打开 / the review is closed (read-only); "
                                      "a lead or an admin must reopen it") -> None:
        super().__init__(message)
