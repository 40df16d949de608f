"""LLM plumbing for the explain stage: prompts as files, one OpenAI-compatible chat backend, a tolerant
JSON parser, a disk cache, a per-review token budget and the endpoint check behind ``docreview llm check``.

Nothing here decides anything about a review: rules raise the flags, and this module only carries
questions to a model and answers back.  The pieces:

- ``load_prompt(name)`` reads ``prompts/<name>.md`` (packaged as ``docreview/prompts``) into a LangChain
  ``ChatPromptTemplate``; ``render_prompt`` / ``render_prompt_text`` fill it.
- ``get_backend(name, settings)`` returns a ``ChatBackend`` from a registry (``openai``, ``none``);
  ``OpenAIChatBackend`` wraps ``langchain_openai.ChatOpenAI`` with our own retry loop.
- ``parse_model_json(text, schema)`` is a pure function returning ``ParseOk`` or ``ParseError``.
- ``ask_json(...)`` = cache lookup → budget check → chat → parse → re-ask on invalid output.
- ``check_endpoint(settings)`` lists the models an endpoint serves.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from docreview.errors import ConfigError, LLMError
from docreview.ratelimit import limiter_for
from docreview.settings import LLMSettings, Settings

if TYPE_CHECKING:  # langchain is imported lazily: `docreview.llm` stays cheap to import
    from langchain_core.messages import BaseMessage
    from langchain_core.prompts import ChatPromptTemplate

T = TypeVar("T", bound=BaseModel)

DUMMY_API_KEY = "EMPTY"
"""Sent when no key is configured: vLLM, Ollama and llama.cpp servers accept any key."""

# --------------------------------------------------------------------------- prompts

_PROMPT_NAME = re.compile(r"^[a-z0-9_]+\.v\d+$")
_SECTION = re.compile(r"^<!--\s*(system|user|reask)\s*-->\s*$", re.M)


@dataclass(frozen=True)
class PromptFile:
    """A prompt file split into its sections (f-string templates; literal braces are doubled)."""

    name: str
    system: str
    user: str
    reask: str | None = None

    @property
    def version(self) -> str:
        return self.name.rsplit(".", 1)[1]


def _prompts_dir() -> Any:
    # ``src/docreview/prompts`` is a symlink to the repo's ``prompts/``; in a wheel it is a real folder.
    return resources.files("docreview") / "prompts"


def available_prompts() -> list[str]:
    """Names of the packaged prompts, e.g. ``["advise.v1", "explain_flag.v1"]``."""
    return sorted(p.name[:-3] for p in _prompts_dir().iterdir() if p.name.endswith(".md"))


@lru_cache(maxsize=32)
def load_prompt_file(name: str) -> PromptFile:
    """Read and split ``prompts/<name>.md``.  Raises ``ConfigError`` for an unknown or malformed prompt."""
    if not _PROMPT_NAME.match(name):
        raise ConfigError(f"提示词名称无效 / invalid prompt name: {name!r} (expected e.g. 'explain_flag.v1')")
    res = _prompts_dir() / f"{name}.md"
    if not res.is_file():
        raise ConfigError(f"找不到提示词文件 / prompt not found: {name}.md (have: {', '.join(available_prompts())})")
    text = res.read_text(encoding="utf-8")
    parts = _SECTION.split(text)
    # parts = [header, 'system', body, 'user', body, ...]; the header (an HTML comment) is documentation.
    sections: dict[str, str] = {}
    for i in range(1, len(parts) - 1, 2):
        sections[parts[i]] = parts[i + 1].strip("\n")
    if "system" not in sections or "user" not in sections:
        raise ConfigError(f"提示词缺少 system/user 段 / prompt {name} needs <!-- system --> and <!-- user --> sections")
    return PromptFile(name=name, system=sections["system"], user=sections["user"], reask=sections.get("reask"))


def load_prompt(name: str) -> ChatPromptTemplate:
    """The prompt ``name`` (``"explain_flag.v1"``) as a LangChain ``ChatPromptTemplate`` (system + human)."""
    from langchain_core.prompts import ChatPromptTemplate

    pf = load_prompt_file(name)
    return ChatPromptTemplate.from_messages([("system", pf.system), ("human", pf.user)])


def render_prompt(name: str, variables: dict[str, str]) -> list[BaseMessage]:
    """Fill prompt ``name`` with ``variables``; returns the messages to send."""
    return load_prompt(name).format_messages(**variables)


def messages_text(messages: Sequence[BaseMessage]) -> str:
    """A stable plain-text form of messages (golden files, cache keys, logs)."""
    return "".join(f"=== {m.type} ===\n{_content_text(m.content)}\n" for m in messages)


def render_prompt_text(name: str, variables: dict[str, str]) -> str:
    """``render_prompt`` as plain text with ``=== system ===`` / ``=== human ===`` headers."""
    return messages_text(render_prompt(name, variables))


def reask_message(name: str, error: str) -> str:
    """The follow-up message asking the model to fix an unparsable answer."""
    pf = load_prompt_file(name)
    template = pf.reask or "你上一条回复无法解析：{error}\n请只输出一个符合要求的 JSON 对象。"
    from langchain_core.prompts import PromptTemplate

    return PromptTemplate.from_template(template).format(error=error)


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        out = []
        for part in content:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                out.append(part["text"])
        return "".join(out)
    return str(content)


# --------------------------------------------------------------------------- backend


class ChatReply(BaseModel):
    """One answer from a chat backend."""

    content: str
    usage: dict[str, int]
    model: str | None = None
    latency_ms: float = 0.0


class ChatBackend(Protocol):
    """What the explain stage needs from a model: send messages, get text and token usage back."""

    name: str
    model: str

    def chat(self, messages: Sequence[BaseMessage]) -> ChatReply:
        """Raise ``LLMError`` (with ``retryable``) when the call fails for good."""
        ...


BackendFactory = Callable[[LLMSettings], "ChatBackend | None"]
_BACKENDS: dict[str, BackendFactory] = {}


def register_backend(name: str, factory: BackendFactory) -> None:
    """Register a backend factory under ``name`` (fakes register the same way as real backends)."""
    _BACKENDS[name] = factory


def backend_names() -> list[str]:
    return sorted(_BACKENDS)


def get_backend(name: str | None, settings: LLMSettings) -> ChatBackend | None:
    """The backend ``name``; ``None`` picks ``openai`` when a base URL is set, else ``none``.

    Returns ``None`` for the ``none`` backend (explanations then come from the rules alone).
    """
    if name is None:
        name = "openai" if settings.enabled else "none"
    try:
        factory = _BACKENDS[name]
    except KeyError:
        raise ConfigError(f"未知的 LLM 后端 / unknown LLM backend {name!r} (have: {', '.join(backend_names())})") from None
    return factory(settings)


class OpenAIChatBackend:
    """Chat completions on any OpenAI-compatible endpoint (OpenAI, DeepSeek, vLLM, Ollama, llama.cpp).

    Built on ``langchain_openai.ChatOpenAI`` with ``max_retries=0``: retries are ours, so that every
    endpoint gets the same policy: exponential backoff (``backoff_base * 2**attempt``, or the server's
    ``Retry-After`` when longer) on 408/409/429/5xx, timeouts and connection errors, at most
    ``max_retries`` times; then ``LLMError(retryable=True)``.  Authentication and other 4xx errors raise
    ``LLMError(retryable=False)`` at once.
    """

    name = "openai"

    def __init__(self, settings: LLMSettings, *, sleep: Callable[[float], None] = time.sleep) -> None:
        if not settings.base_url:
            raise ConfigError("未配置 LLM 端点 / no LLM endpoint configured (DOCREVIEW_LLM_BASE_URL)")
        from langchain_openai import ChatOpenAI

        self.settings = settings
        self.model = settings.model
        self.base_url = settings.base_url
        self._sleep = sleep
        # all workers together keep to the endpoint's rate (settings.rate_per_s; shared through Redis)
        self._limiter = limiter_for(settings)
        self._client = ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,
            api_key=SecretStr(settings.api_key or DUMMY_API_KEY),
            timeout=settings.timeout,
            max_retries=0,
            temperature=settings.temperature,
            use_responses_api=False,  # plain /chat/completions: the one API every compatible server has
            stream_usage=False,
        )

    def chat(self, messages: Sequence[BaseMessage]) -> ChatReply:
        attempts = max(0, self.settings.max_retries) + 1
        last: LLMError | None = None
        for attempt in range(attempts):
            self._limiter.acquire(timeout=max(self.settings.timeout, 60.0) * attempts)
            t0 = time.perf_counter()
            try:
                msg = self._client.invoke(list(messages))
            except Exception as exc:  # noqa: BLE001 - classified below, never swallowed
                err, retry_after = _classify_error(exc, self.settings)
                if not err.retryable:
                    raise err from exc
                last = err
                if attempt + 1 < attempts:
                    delay = self.settings.backoff_base * (2**attempt)
                    if retry_after is not None:
                        delay = max(delay, min(retry_after, 60.0))
                    self._sleep(delay)
                continue
            latency = (time.perf_counter() - t0) * 1000
            usage: dict[str, int] = {}
            meta = getattr(msg, "usage_metadata", None) or {}
            if meta:
                usage = {
                    "prompt_tokens": int(meta.get("input_tokens", 0)),
                    "completion_tokens": int(meta.get("output_tokens", 0)),
                    "total_tokens": int(meta.get("total_tokens", 0)),
                }
            model = (getattr(msg, "response_metadata", None) or {}).get("model_name")
            return ChatReply(content=_content_text(msg.content), usage=usage, model=model, latency_ms=latency)
        assert last is not None
        raise LLMError(
            f"LLM 端点重试 {attempts} 次后仍失败 / LLM endpoint still failing after {attempts} attempts: {last.message}",
            retryable=True,
        )


def _classify_error(exc: Exception, settings: LLMSettings) -> tuple[LLMError, float | None]:
    """Map an openai/httpx exception to ``LLMError`` and the server's Retry-After (seconds), if any."""
    import openai

    if isinstance(exc, LLMError):
        return exc, None
    if isinstance(exc, openai.APITimeoutError):
        return LLMError(f"请求超时 / request timed out after {settings.timeout:g}s", retryable=True), None
    if isinstance(exc, openai.APIConnectionError):
        return LLMError(f"无法连接 / cannot connect to {settings.base_url}: {exc}", retryable=True), None
    if isinstance(exc, openai.APIStatusError):
        code = exc.status_code
        retry_after = _retry_after(exc)
        detail = _short(str(getattr(exc, "message", "") or exc))
        if code in (408, 409, 429) or code >= 500:
            return LLMError(f"HTTP {code}: {detail}", retryable=True), retry_after
        if code in (401, 403):
            return LLMError(f"认证失败，请检查 API key / authentication failed (HTTP {code}): {detail}"), None
        if code == 404:
            return LLMError(f"模型或接口不存在 / model or route not found (HTTP 404, model {settings.model!r}): {detail}"), None
        return LLMError(f"请求被拒绝 / request rejected (HTTP {code}): {detail}"), None
    return LLMError(f"LLM 调用失败 / LLM call failed: {type(exc).__name__}: {_short(str(exc))}"), None


def _retry_after(exc: Any) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    value = headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


register_backend("openai", OpenAIChatBackend)
register_backend("none", lambda settings: None)


# --------------------------------------------------------------------------- tolerant JSON parsing


@dataclass(frozen=True)
class ParseOk(Generic[T]):
    """A model answer that parsed and validated.  ``repairs`` names what had to be fixed."""

    value: T
    json_text: str
    repairs: tuple[str, ...] = ()
    ok: Literal[True] = True


@dataclass(frozen=True)
class ParseError:
    """Why a model answer could not be used; ``message`` is shown to the model when re-asking."""

    message: str
    kind: Literal["empty", "no_json", "syntax", "truncated", "schema"]
    repairs: tuple[str, ...] = ()
    ok: Literal[False] = False


_THINK_TAGS = "think|thinking|reasoning|reflection"
_THINK_BLOCK = re.compile(rf"<({_THINK_TAGS})\b[^>]*>.*?</\1\s*>", re.S | re.I)
_THINK_OPEN = re.compile(rf"<({_THINK_TAGS})\b[^>]*>", re.I)
_THINK_CLOSE = re.compile(rf"</({_THINK_TAGS})\s*>", re.I)
_FENCE = re.compile(r"```[ \t]*[A-Za-z0-9_+-]*[ \t]*\n?(.*?)```", re.S)
_FENCE_OPEN = re.compile(r"```[ \t]*[A-Za-z0-9_+-]*[ \t]*\n")

_OPENERS = {"{": "}", "｛": "}", "[": "]", "［": "]"}
_CLOSERS = {"}": "}", "｝": "}", "]": "]", "］": "]"}
_COLONS = {":", "："}
_COMMAS = {",", "，", "、"}
_STRUCTURAL_AFTER = set("}]｝］") | _COLONS | _COMMAS
_SPACES = set(" \t\r\n\u3000\u00a0\ufeff")
_DOUBLE_QUOTES = {'"', "＂"}
_SMART_QUOTES = {"“", "”"}
_JSON_ESCAPES = set('"\\/bfnrtu')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PY_LITERALS = {"True": "true", "False": "false", "None": "null", "true": "true", "false": "false",
                "null": "null"}


class _ScanError(Exception):
    def __init__(self, message: str, kind: Literal["syntax", "truncated"] = "syntax") -> None:
        super().__init__(message)
        self.kind = kind


def _closes_here(text: str, i: int) -> bool:
    """A quote at ``i`` closes its string when what follows is structural (or the end)."""
    j = i + 1
    while j < len(text) and text[j] in _SPACES:
        j += 1
    return j >= len(text) or text[j] in _STRUCTURAL_AFTER


def _scan_object(text: str, start: int, repairs: set[str]) -> tuple[str, int]:
    """Scan a lenient JSON value starting at ``text[start]`` (an opening brace); return strict JSON text
    and the index just past the value.  Structure may use full-width punctuation, smart or single quotes,
    unquoted keys, Python literals and trailing commas; string contents are kept as they are.
    """
    out: list[str] = []
    stack: list[str] = []
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _SPACES:
            i += 1
            continue
        if ch in _OPENERS:
            if ch not in "{[":
                repairs.add("fullwidth")
            stack.append(_OPENERS[ch])
            out.append("{" if _OPENERS[ch] == "}" else "[")
            i += 1
            continue
        if ch in _CLOSERS:
            if ch not in "}]":
                repairs.add("fullwidth")
            want = _CLOSERS[ch]
            if not stack or stack[-1] != want:
                raise _ScanError(f"第 {i} 个字符处括号不匹配 / unbalanced {ch!r} at {i}")
            stack.pop()
            if out and out[-1] == ",":
                out.pop()
                repairs.add("trailing_comma")
            out.append(want)
            i += 1
            if not stack:
                return "".join(out), i
            continue
        if ch in _COLONS:
            if ch != ":":
                repairs.add("fullwidth")
            out.append(":")
            i += 1
            continue
        if ch in _COMMAS:
            if ch != ",":
                repairs.add("fullwidth")
            if out and out[-1] in ",[{":
                i += 1  # doubled or leading comma
                continue
            out.append(",")
            i += 1
            continue
        if ch in _DOUBLE_QUOTES or ch in _SMART_QUOTES or ch == "'":
            if ch == "'" and not (out and out[-1] in "{[:,"):
                raise _ScanError(f"第 {i} 个字符处有多余的引号 / stray quote at {i}")
            if ch in _SMART_QUOTES or ch == "＂":
                repairs.add("smart_quotes")
                closers = _SMART_QUOTES | _DOUBLE_QUOTES
            elif ch == "'":
                repairs.add("single_quotes")
                closers = {"'"}
            else:
                closers = _DOUBLE_QUOTES
            s, i = _scan_string(text, i + 1, closers, strict_escapes=(ch == '"'), repairs=repairs)
            out.append(s)
            continue
        m = _WORD.match(text, i)
        if m:
            word = m.group(0)
            if word[0].isdigit() or word[0] in "+-.":
                out.append(word.lstrip("+"))
            elif word in _PY_LITERALS:
                if word != _PY_LITERALS[word]:
                    repairs.add("python_literal")
                out.append(_PY_LITERALS[word])
            else:
                repairs.add("unquoted_key")
                out.append(json.dumps(word))
            i = m.end()
            continue
        raise _ScanError(f"第 {i} 个字符处出现意外字符 {ch!r}（字符串需要加引号）/ unexpected {ch!r} at {i}")
    raise _ScanError("JSON 不完整，回答可能被截断 / JSON is incomplete (truncated answer?)", "truncated")


def _scan_string(text: str, i: int, closers: set[str], *, strict_escapes: bool,
                 repairs: set[str]) -> tuple[str, int]:
    buf: list[str] = ['"']
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt in _JSON_ESCAPES and (nxt != "u" or re.fullmatch(r"[0-9a-fA-F]{4}", text[i + 2:i + 6] or "")):
                buf.append(ch + nxt)
            elif nxt == "'":
                buf.append("'")
            else:
                buf.append("\\\\" + nxt if nxt != "\n" else "\\n")
            i += 2
            continue
        if ch in closers and _closes_here(text, i):
            buf.append('"')
            return "".join(buf), i + 1
        if ch == '"':
            if strict_escapes:
                repairs.add("unescaped_quote")
            buf.append('\\"')
        elif ch == "\n":
            buf.append("\\n")
        elif ch == "\t":
            buf.append("\\t")
        elif ord(ch) < 0x20:
            buf.append(f"\\u{ord(ch):04x}")
        else:
            buf.append(ch)
        i += 1
    raise _ScanError("字符串没有结束，回答可能被截断 / unterminated string (truncated answer?)", "truncated")


def _strip_wrappers(text: str) -> tuple[str, bool, set[str]]:
    """Remove ``<think>`` blocks and code fences; returns (text, prefer_last_candidate, repairs)."""
    repairs: set[str] = set()
    prefer_last = False
    t = text.lstrip("\ufeff")
    if _THINK_BLOCK.search(t):
        t = _THINK_BLOCK.sub("", t)
        repairs.add("think")
    closes = list(_THINK_CLOSE.finditer(t))
    if closes:
        close = closes[-1]  # the server ate the opening tag: everything before the close is reasoning
        t = t[close.end():]
        repairs.add("think")
    opening = _THINK_OPEN.search(t)
    if opening is not None:  # never closed (truncated reasoning)
        repairs.add("think")
        before, after = t[: opening.start()], t[opening.end():]
        if "{" in before or "｛" in before:
            t = before
        else:
            t, prefer_last = after, True
    fenced = [m.group(1) for m in _FENCE.finditer(t)]
    with_json = [f for f in fenced if "{" in f or "｛" in f]
    if with_json:
        t = with_json[-1] if prefer_last else with_json[0]
        repairs.add("fence")
    else:
        m = _FENCE_OPEN.search(t)
        if m is not None and ("{" in t[m.end():] or "｛" in t[m.end():]):
            t = t[m.end():].replace("```", "")
            repairs.add("fence")
    return t, prefer_last, repairs


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e["loc"]) or "(根对象)"
        if e["type"] == "missing":
            parts.append(f"缺少字段 {loc}")
        else:
            parts.append(f"字段 {loc}：{e['msg']}")
    return "；".join(parts[:6])


@dataclass
class _Candidate:
    start: int
    json_text: str | None
    error: _ScanError | None
    repairs: set[str] = field(default_factory=set)


def parse_model_json(text: str, schema: type[T]) -> ParseOk[T] | ParseError:
    """Parse a model's answer into ``schema``.  Pure: never raises, never does I/O.

    Tolerates ``<think>…</think>`` blocks (also unterminated, or with only the closing tag), code
    fences, prose before/after the object, full-width structural punctuation (｛｝：，［］), smart quotes
    (“”) and single quotes as string delimiters, unescaped inner quotes, trailing commas, unquoted keys
    and Python literals.  The first object that validates wins (the last one after unterminated
    reasoning).  Returns ``ParseError`` with a message suitable for re-asking.
    """
    if not text or not text.strip():
        return ParseError("回答为空 / empty answer", "empty")
    body, prefer_last, repairs = _strip_wrappers(text)
    if "{" not in body and "｛" not in body:
        return ParseError("回答中没有 JSON 对象 / no JSON object in the answer", "no_json", tuple(sorted(repairs)))

    candidates: list[_Candidate] = []
    pos = 0
    for s, ch in enumerate(body):
        if s < pos or ch not in "{｛":
            continue
        cand = _Candidate(s, None, None)
        try:
            cand.json_text, pos = _scan_object(body, s, cand.repairs)
        except _ScanError as exc:
            cand.error = exc
        candidates.append(cand)

    best: ParseError | None = None
    for cand in reversed(candidates) if prefer_last else candidates:
        found = repairs | cand.repairs
        if body[: cand.start].strip():
            found = found | {"prose"}
        err: ParseError
        if cand.json_text is None:
            assert cand.error is not None
            err = ParseError(str(cand.error), cand.error.kind, tuple(sorted(found)))
        else:
            try:
                obj = json.loads(cand.json_text, strict=False)
            except json.JSONDecodeError as exc:
                err = ParseError(f"JSON 语法错误 / invalid JSON: {exc.msg}", "syntax", tuple(sorted(found)))
            else:
                if not isinstance(obj, dict):
                    err = ParseError("需要一个 JSON 对象 / expected a JSON object", "schema", tuple(sorted(found)))
                else:
                    try:
                        value = schema.model_validate(obj)
                    except ValidationError as exc:
                        err = ParseError(_validation_message(exc), "schema", tuple(sorted(found)))
                    else:
                        return ParseOk(value=value, json_text=cand.json_text, repairs=tuple(sorted(found)))
        # a schema error says most about what the model meant: prefer it when re-asking
        if best is None or (best.kind != "schema" and err.kind == "schema"):
            best = err
    assert best is not None
    return best


# --------------------------------------------------------------------------- cache


class LLMCache:
    """Validated model answers on disk, one JSON file per (prompt, model, rendered messages).

    Keys hash the prompt name (which carries its version), the model, the temperature and the full
    rendered messages (and so the evidence), so changing any of them is a miss, never a stale hit.
    Writes are atomic (temp file + ``os.replace``), so concurrent workers never see half a file.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @staticmethod
    def key(prompt: str, model: str, messages: Sequence[BaseMessage], *, temperature: float = 0.0) -> str:
        payload = {
            "v": 1,
            "prompt": prompt,
            "model": model,
            "temperature": temperature,
            "messages": [[m.type, _content_text(m.content)] for m in messages],
        }
        blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()

    def path(self, prompt: str, model: str, key: str) -> Path:
        return self.root / _safe_name(prompt) / _safe_name(model) / f"{key}.json"

    def get(self, prompt: str, model: str, key: str) -> dict[str, Any] | None:
        p = self.path(prompt, model, key)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, prompt: str, model: str, key: str, entry: dict[str, Any]) -> None:
        p = self.path(prompt, model, key)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False, indent=1)
            os.replace(tmp, p)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "_"


# --------------------------------------------------------------------------- token budget


def estimate_tokens(text: str) -> int:
    """Rough token count: one per CJK character, one per ~3 other characters (a reservation, not a bill)."""
    cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return cjk + (len(text) - cjk) // 3 + 1


class TokenBudget:
    """A per-review token allowance shared by concurrent calls.

    A call may start only while the tokens spent plus those reserved by calls in flight are below
    ``limit``; it reserves an estimate, and on return the estimate is replaced by the tokens the server
    reports.  With one worker this is exactly "stop calling once the budget is spent"; with several,
    the overshoot is bounded by the calls already in flight.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0
        self._reserved = 0
        self._lock = threading.Lock()

    def try_reserve(self, estimate: int) -> bool:
        with self._lock:
            if self.spent + self._reserved >= self.limit:
                return False
            self._reserved += estimate
            return True

    def settle(self, estimate: int, used: int) -> None:
        with self._lock:
            self._reserved -= estimate
            self.spent += used

    @property
    def exhausted(self) -> bool:
        with self._lock:
            return self.spent + self._reserved >= self.limit


# --------------------------------------------------------------------------- ask: cache → budget → chat → parse → re-ask

AskStatus = Literal["ok", "parse_error", "llm_error", "budget"]


@dataclass
class AskResult(Generic[T]):
    """What one question to the model produced (after re-asks), whether or not it succeeded."""

    status: AskStatus
    value: T | None = None
    raw: str = ""
    error: str | None = None
    retryable: bool = False
    usage: dict[str, int] = field(default_factory=dict)
    calls: int = 0
    cached: bool = False
    model: str | None = None
    repairs: list[str] = field(default_factory=list)


_OUTPUT_RESERVE = 600  # tokens reserved for the answer when estimating a call's cost


def ask_json(
    backend: ChatBackend,
    prompt: str,
    variables: dict[str, str],
    schema: type[T],
    *,
    settings: LLMSettings,
    cache: LLMCache | None = None,
    budget: TokenBudget | None = None,
) -> AskResult[T]:
    """Ask ``backend`` the prompt ``prompt`` filled with ``variables`` and parse the answer into ``schema``.

    Re-asks at most ``settings.max_reasks`` times with the parse error appended.  A cached answer costs
    no call and no budget.  ``LLMError`` is caught and returned as ``status="llm_error"``; nothing raises
    except programming errors.
    """
    from langchain_core.messages import AIMessage, HumanMessage

    messages = render_prompt(prompt, variables)
    key = LLMCache.key(prompt, backend.model, messages, temperature=settings.temperature)
    if cache is not None:
        entry = cache.get(prompt, backend.model, key)
        if entry is not None:
            try:
                value = schema.model_validate(entry["value"])
            except (KeyError, ValidationError):
                value = None
            if value is not None:
                return AskResult(
                    status="ok", value=value, raw=entry.get("raw", ""), usage=entry.get("usage", {}),
                    calls=0, cached=True, model=entry.get("model"), repairs=entry.get("repairs", []))

    usage: dict[str, int] = {}
    calls = 0
    served_model: str | None = None
    convo = list(messages)
    raw = ""
    last_error: ParseError | None = None
    for _ in range(max(0, settings.max_reasks) + 1):
        estimate = estimate_tokens(messages_text(convo)) + _OUTPUT_RESERVE
        if budget is not None and not budget.try_reserve(estimate):
            return AskResult(
                status="budget", raw=raw, usage=usage, calls=calls, model=served_model,
                error=f"本次审核的 token 预算已用完 / token budget spent ({budget.spent}/{budget.limit})")
        reply: ChatReply | None = None
        try:
            reply = backend.chat(convo)
        except LLMError as exc:
            return AskResult(
                status="llm_error", raw=raw, usage=usage, calls=calls + 1, model=served_model,
                error=exc.message, retryable=exc.retryable)
        finally:
            if budget is not None:
                used = 0
                if reply is not None:
                    used = reply.usage.get("total_tokens") or (
                        estimate_tokens(messages_text(convo)) + estimate_tokens(reply.content))
                budget.settle(estimate, used)
        calls += 1
        served_model = reply.model or served_model
        for k, v in reply.usage.items():
            usage[k] = usage.get(k, 0) + v
        raw = reply.content
        parsed = parse_model_json(raw, schema)
        if isinstance(parsed, ParseOk):
            if cache is not None:
                try:
                    cache.put(prompt, backend.model, key, {
                        "prompt": prompt, "model": served_model or backend.model,
                        "value": parsed.value.model_dump(), "raw": raw, "usage": usage,
                        "repairs": list(parsed.repairs), "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    })
                except OSError:
                    pass  # the cache is an optimisation: a full disk must not cost a valid answer
            return AskResult(
                status="ok", value=parsed.value, raw=raw, usage=usage, calls=calls, model=served_model,
                repairs=list(parsed.repairs))
        last_error = parsed
        convo = [*messages, AIMessage(content=raw), HumanMessage(content=reask_message(prompt, parsed.message))]
    assert last_error is not None
    return AskResult(
        status="parse_error", raw=raw, usage=usage, calls=calls, model=served_model,
        error=f"{last_error.kind}: {last_error.message}")


# --------------------------------------------------------------------------- endpoint check


class EndpointStatus(BaseModel):
    """Result of ``check_endpoint``: does the endpoint answer, and does it serve the configured model?"""

    ok: bool
    base_url: str | None
    model: str
    models: list[str] = []
    model_present: bool | None = None
    latency_ms: float | None = None
    error: str | None = None


def check_endpoint(settings: Settings | LLMSettings) -> EndpointStatus:
    """GET ``{base_url}/models`` once (no retries) and say whether the configured model is served.

    Never raises: failures come back as ``ok=False`` with a bilingual ``error``.
    """
    llm = settings.llm if isinstance(settings, Settings) else settings
    status = EndpointStatus(ok=False, base_url=llm.base_url, model=llm.model)
    if not llm.base_url:
        status.error = "未配置 LLM 端点 / no LLM endpoint configured (DOCREVIEW_LLM_BASE_URL or OPENAI_BASE_URL)"
        return status
    import openai

    client = openai.OpenAI(base_url=llm.base_url, api_key=llm.api_key or DUMMY_API_KEY,
                           timeout=llm.timeout, max_retries=0)
    t0 = time.perf_counter()
    try:
        page = client.models.list()
        status.models = sorted(m.id for m in page.data)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        err, _ = _classify_error(exc, llm)
        status.error = err.message
        return status
    finally:
        status.latency_ms = (time.perf_counter() - t0) * 1000
        client.close()
    status.model_present = llm.model in status.models
    if status.model_present:
        status.ok = True
    else:
        status.error = (f"端点没有提供模型 {llm.model!r} / model {llm.model!r} is not served; "
                        f"available: {', '.join(status.models) or '(none)'}")
    return status
