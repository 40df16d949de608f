"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 for tests that go through the real client.

Serves ``POST /v1/chat/completions``, ``GET /v1/models`` and ``POST /v1/embeddings``.  Chat replies
come from a queue of ``Reply`` objects (content, HTTP status, delay), or, when the queue is empty,
from an optional ``responder(request_json) -> Reply`` (useful when calls run concurrently and their
order is not fixed).  Every request is logged in ``server.requests``.

    with ScriptedLLMServer(models=["test-model"]) as server:
        server.script(Reply(status=429), Reply(content='{"a": 1}'))
        settings.llm.base_url = server.base_url      # http://127.0.0.1:<port>/v1

Use the ``llm_server`` fixture from test modules either by defining a local fixture around
``ScriptedLLMServer`` or with ``pytest_plugins = ["llm_server"]``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    """One scripted answer.  ``status != 200`` sends an OpenAI-style error body instead of a completion."""

    content: str = ""
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering (client timeouts)
    prompt_tokens: int | None = None  # default: a deterministic estimate from the request
    completion_tokens: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None  # send this JSON verbatim instead
    usage: bool = True  # include a usage block


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    json: Any

    def header(self, name: str) -> str | None:
        """A request header, case-insensitively."""
        low = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == low), None)

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list((self.json or {}).get("messages", []))

    @property
    def last_user(self) -> str:
        users = [m.get("content", "") for m in self.messages if m.get("role") == "user"]
        return users[-1] if users else ""


Responder = Callable[[dict[str, Any]], Reply]

NO_SCRIPT = 400  # status sent when nothing is scripted: not retryable, so a test fails fast and visibly


class ScriptedLLMServer:
    """The server; ``start()``/``stop()`` or use as a context manager."""

    def __init__(self, *, models: Sequence[str] = ("test-model",), responder: Responder | None = None,
                 embedding_dim: int = 8) -> None:
        self.models = list(models)
        self.responder = responder
        self.embedding_dim = embedding_dim
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self.in_flight = 0
        self.max_in_flight = 0  # the most chat requests being handled at once
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ control

    def script(self, *replies: Reply | str) -> ScriptedLLMServer:
        """Queue replies (a plain string is a 200 reply with that content)."""
        with self._lock:
            for r in replies:
                self._queue.append(Reply(content=r) if isinstance(r, str) else r)
        return self

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> ScriptedLLMServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="llm-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ behaviour

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        if self.responder is not None:
            return self.responder(body)
        return Reply(status=NO_SCRIPT, content="llm_server: no scripted reply left")

    def _record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(req)

    def wait(self, seconds: float) -> None:
        """Sleep that ends early when the server stops (so delayed handlers never outlive a test)."""
        self._stopping.wait(seconds)


def _estimate(text: str) -> int:
    return max(1, len(text) // 2)


def completion_body(model: str, content: str, *, prompt_tokens: int, completion_tokens: int,
                    usage: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }
    if usage:
        body["usage"] = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                         "total_tokens": prompt_tokens + completion_tokens}
    return body


def error_body(status: int, message: str) -> dict[str, Any]:
    kind = {401: "invalid_api_key", 403: "permission_denied", 404: "not_found", 429: "rate_limit_exceeded"}
    return {"error": {"message": message or f"HTTP {status}", "type": "test_error",
                      "code": kind.get(status, "server_error" if status >= 500 else "invalid_request")}}


class _Handler(BaseHTTPRequestHandler):
    owner: ScriptedLLMServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return None

    def _read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            return None

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def do_GET(self) -> None:  # noqa: N802
        self.owner._record(RecordedRequest("GET", self.path, dict(self.headers), None))
        if self.path.rstrip("/").endswith("/models"):
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.owner.models]
            self._send(200, {"object": "list", "data": data})
        else:
            self._send(404, error_body(404, f"no route {self.path}"))

    def do_POST(self) -> None:  # noqa: N802
        body = self._read_json()
        self.owner._record(RecordedRequest("POST", self.path, dict(self.headers), body))
        path = self.path.rstrip("/")
        if path.endswith("/chat/completions"):
            self._chat(body or {})
        elif path.endswith("/embeddings"):
            self._embeddings(body or {})
        else:
            self._send(404, error_body(404, f"no route {self.path}"))

    def _chat(self, body: dict[str, Any]) -> None:
        owner = self.owner
        with owner._lock:
            owner.in_flight += 1
            owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
        try:
            self._chat_reply(body)
        finally:
            with owner._lock:
                owner.in_flight -= 1

    def _chat_reply(self, body: dict[str, Any]) -> None:
        reply = self.owner._next_reply(body)
        if reply.delay:
            self.owner.wait(reply.delay)
        if reply.body is not None:
            self._send(reply.status, reply.body, reply.headers)
            return
        if reply.status != 200:
            self._send(reply.status, error_body(reply.status, reply.content), reply.headers)
            return
        prompt_text = "".join(str(m.get("content", "")) for m in body.get("messages", []))
        self._send(200, completion_body(
            str(body.get("model", "test-model")), reply.content,
            prompt_tokens=reply.prompt_tokens if reply.prompt_tokens is not None else _estimate(prompt_text),
            completion_tokens=(reply.completion_tokens if reply.completion_tokens is not None
                               else _estimate(reply.content)),
            usage=reply.usage), reply.headers)

    def _embeddings(self, body: dict[str, Any]) -> None:
        inputs = body.get("input", [])
        if isinstance(inputs, str):
            inputs = [inputs]
        data = []
        for n, text in enumerate(inputs):
            digest = hashlib.sha256(str(text).encode("utf-8")).digest()
            vec = [(digest[k % len(digest)] - 127.5) / 127.5 for k in range(self.owner.embedding_dim)]
            data.append({"object": "embedding", "index": n, "embedding": vec})
        self._send(200, {"object": "list", "data": data, "model": body.get("model", "test-embed"),
                         "usage": {"prompt_tokens": len(inputs), "total_tokens": len(inputs)}})


@pytest.fixture
def llm_server() -> Iterator[ScriptedLLMServer]:
    """A started ``ScriptedLLMServer`` serving model ``test-model``; stopped after the test."""
    with ScriptedLLMServer() as server:
        yield server
