"""Parse one document in a child process with a wall-clock deadline and an address-space ceiling.

A crafted or merely huge file can make a parser loop or allocate without end (a PDF whose ``/Length``
points to itself, a DOCX cell spanning 2³¹ columns …).  The structural caps inside the readers catch the
known shapes early; this is the backstop for the unknown ones: the document is read by a worker process
that gets ``RLIMIT_AS`` = its warm size + ``memory_mb`` and is killed after ``deadline_s``; either ends as a
:class:`~docreview.errors.DocumentError` naming the file, and the caller (the rest of a batch, the app)
goes on.

Workers are forked from a ``forkserver`` that has already imported the parsers: forking a warm,
single-threaded server costs a few milliseconds per document (see :func:`run`), and unlike a plain
``fork`` of the caller it is safe when the caller has threads (Streamlit, Chroma, the LLM pool).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import resource
import signal
import sys
import threading
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docreview.errors import DocumentError, DocumentUnreadable, MemoryLimitExceeded, ParseTimeout
from docreview.models import Document
from docreview.settings import IngestSettings

if TYPE_CHECKING:
    from docreview.ingest.ocr import OcrProgress

__all__ = ["BoundedRead", "ChildOutcome", "ReadStopped", "call", "limit_address_space", "preload", "run"]

# What the forkserver imports once, so that every worker starts warm.  Not the caller's ``__main__``: a
# worker runs ``_work`` of this module and needs nothing of the caller's script (see :func:`_start`).
_PRELOAD = ["docreview.ingest", "docreview.ingest.warm"]
_NO_MAIN = types.ModuleType("__main__")  # a main module with no file: nothing for a worker to re-import
_START_LOCK = threading.Lock()
_context: Any = None


_STOP_POLL_S = 0.1


class ReadStopped(Exception):
    """A read given up because its caller asked (:func:`run`'s ``stop``): control flow between the caller's
    threads, never shown to a user (the caller raises the failure or cancellation that made it stop)."""

    def __init__(self, where: str) -> None:
        super().__init__(f"{where}: reading stopped")
        self.where = where


@dataclass
class BoundedRead:
    """The outcome of one bounded read: the document or the error, and what it cost the worker."""

    document: Any  # the Document; with ``then``, the pair (Document, then's result); None on error
    error: DocumentError | ReadStopped | None
    seconds: float  # wall-clock, as the caller saw it (worker start to result)
    peak_mb: float  # the worker's peak resident memory (VmHWM / ru_maxrss)

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        assert self.document is not None
        return self.document


def _mp(extra: tuple[str, ...] = ()) -> Any:
    """The forkserver context; ``extra`` modules (the module of a ``then`` step) are preloaded too when this
    call starts the server (later, a worker imports them itself: tens of milliseconds)."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload([*_PRELOAD, *extra])
    return _context


def preload(*modules: str) -> None:
    """Have the forkserver import ``modules`` as well when it starts (a queue worker adds the review stages
    before its first job, so that its bounded reviews start warm too: see ``docreview.pipeline``).  Only
    imports: a module that starts threads (a loaded model, a Chroma client) must not be preloaded, since the
    server forks.  No effect once the server runs (a worker then imports what it needs itself)."""
    for name in modules:
        if name not in _PRELOAD:
            _PRELOAD.append(name)
    if _context is not None:
        _context.set_forkserver_preload(list(_PRELOAD))


@dataclass
class ChildOutcome:
    """How a :func:`call` ended: ``kind`` is the worker's own (``ok``, ``error``, ``memory`` …, with its
    ``payload``), or ``timeout`` (killed at the deadline) or ``died`` (ended without a word: a signal, an
    abort, ``exitcode``)."""

    kind: str
    payload: Any
    seconds: float
    peak_mb: float  # as the worker measured it (its message), or its VmHWM when killed at the deadline
    exitcode: int | None = None


def call(target: Callable[..., None], args: tuple[Any, ...], *, deadline_s: float,
         on_progress: Callable[[Any], None] | None = None, name: str = "docreview-worker") -> ChildOutcome:
    """Run ``target(sender, *args)`` in a worker forked from the same warm forkserver as :func:`run`, killed
    after ``deadline_s``.  The worker sends ``("progress", payload, 0.0)`` any number of times (each passed to
    ``on_progress``) and then one ``(kind, payload, peak_mb)``; it limits its own address space
    (:func:`limit_address_space`).  Whatever ``on_progress`` raises stops the worker and is raised here.
    ``target`` must be a module-level function of a module the worker can import."""
    mp = _mp()
    receiver, sender = mp.Pipe(duplex=False)
    worker = mp.Process(target=target, args=(sender, *args), daemon=True, name=name)
    _start(worker)
    t0 = time.perf_counter()
    sender.close()
    settled = False
    try:
        while True:
            outcome = _wait(receiver, worker, max(0.0, t0 + deadline_s - time.perf_counter()))
            if not (isinstance(outcome, tuple) and outcome[0] == "progress"):
                break
            if on_progress is not None:
                on_progress(outcome[1])
        seconds = time.perf_counter() - t0
        if outcome is None:
            peak = _peak_mb(worker.pid)
            worker.kill()
            return ChildOutcome("timeout", None, seconds, peak)
        if outcome == "died":
            worker.join(5)
            return ChildOutcome("died", None, seconds, 0.0, worker.exitcode)
        kind, payload, peak = outcome
        settled = True
        return ChildOutcome(kind, payload, seconds, peak)
    finally:
        _finish(worker, receiver, settled=settled)


def limit_address_space(memory_mb: int) -> None:
    """``RLIMIT_AS`` of this process (a worker's first step); a lower hard limit already set is kept."""
    limit = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def address_space_peak_mb() -> float:
    """This process's peak address space (VmPeak, what ``RLIMIT_AS`` bounds), in MB; 0 when unknown."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _start(worker: Any) -> None:
    """Start a worker without telling it about the caller's ``__main__``.  multiprocessing hands a new process
    the caller's main module to re-import (by path or by name); a worker needs nothing of it, and re-importing
    it is wrong: a script without a ``__main__`` guard would run again, and under Streamlit's AppTest the
    whole app script ran in every worker (0.7 s per document).  The swap lasts for the ``start()`` call only."""
    with _START_LOCK:  # two reads started at once (pipeline.read_set) must not save each other's stand-in
        saved = sys.modules["__main__"]
        sys.modules["__main__"] = _NO_MAIN
        try:
            worker.start()
        finally:
            sys.modules["__main__"] = saved


def run(path: str | Path, settings: IngestSettings, progress: OcrProgress | None = None, *,
        then: Callable[[Document], Any] | None = None, stop: threading.Event | None = None) -> BoundedRead:
    """Read ``path`` in a worker process bounded by ``settings.deadline_s`` and ``settings.memory_mb``.

    A scan's deadline grows with its pages: when the worker starts OCR on *n* pages it says so, and the
    deadline becomes ``deadline_s + n × ocr_page_deadline_s`` (from the worker's start), so a 60-page scan
    is not killed at the deadline meant for a text file.  The worker's OCR progress (pages done, pages to
    OCR, seconds the page took) is passed on to ``progress`` as it arrives.

    With ``then``, the worker also runs ``then(document)`` within the same bounds and the result is the pair
    ``(document, then(document))`` (see :func:`docreview.ingest.read_then`).

    ``stop``: when another thread sets it (a caller reading several files at once whose other read failed, or
    whose job was cancelled), the worker is killed within a tenth of a second and the result raises
    :class:`ReadStopped`.
    """
    where = str(path)
    mp = _mp((then.__module__,) if then is not None else ())
    receiver, sender = mp.Pipe(duplex=False)
    worker = mp.Process(target=_work, args=(sender, where, settings, then), daemon=True, name="docreview-ingest")
    _start(worker)  # the first call also starts the forkserver: not the document's time
    t0 = time.perf_counter()
    limit = settings.deadline_s
    sender.close()
    settled = False
    try:
        while True:
            left = max(0.0, t0 + limit - time.perf_counter())
            outcome = _wait(receiver, worker, left if stop is None else min(left, _STOP_POLL_S))
            if outcome is None and stop is not None and time.perf_counter() < t0 + limit:
                if not stop.is_set():
                    continue
                return BoundedRead(None, ReadStopped(where), time.perf_counter() - t0, 0.0)
            if not (isinstance(outcome, tuple) and outcome[0] == "progress"):
                break
            done, total, page_seconds = outcome[1]
            limit = max(limit, settings.deadline_s + total * settings.ocr_page_deadline_s)
            if progress is not None:
                progress(done, total, page_seconds)
        seconds = time.perf_counter() - t0
        if outcome is None:  # past the deadline
            peak = _peak_mb(worker.pid)
            worker.kill()
            return BoundedRead(None, ParseTimeout(where, f"超过 {limit:g} 秒 / over {limit:g} s"), seconds, peak)
        if outcome == "died":
            worker.join(5)
            return BoundedRead(None, _died(where, worker.exitcode, settings), seconds, 0.0)
        kind, payload, peak = outcome
        settled = True
        if kind == "memory":
            return BoundedRead(None, _memory_error(where, settings), seconds, peak)
        if kind == "error":
            return BoundedRead(None, payload, seconds, peak)
        return BoundedRead(payload, None, seconds, peak)
    finally:
        _finish(worker, receiver, settled=settled)


_EXIT_GRACE_S = 2.0


def _finish(worker: Any, receiver: Any, *, settled: bool) -> None:
    """Close the pipe and end the worker.  One that has sent its last word is given ``_EXIT_GRACE_S`` to exit by
    itself: its exit handlers unregister what it registered with multiprocessing's resource tracker (a library's
    lock), and a worker killed while exiting left the CLI printing "leaked semaphore" warnings.  Any other (past
    its deadline, stopped, or its caller gone) is killed at once."""
    receiver.close()
    if settled:
        worker.join(_EXIT_GRACE_S)
    if worker.is_alive():
        worker.kill()
    worker.join(5)
    worker.close()


def _wait(receiver: Any, worker: Any, deadline_s: float) -> Any:
    """The worker's message, ``"died"`` when it ended without one, or None past the deadline."""
    ready = multiprocessing.connection.wait([receiver, worker.sentinel], timeout=deadline_s)
    if not ready and not receiver.poll():
        return None
    if receiver in ready or receiver.poll():
        try:
            return receiver.recv()
        except EOFError:
            return "died"
    return "died"


def _memory_error(where: str, settings: IngestSettings) -> DocumentError:
    return MemoryLimitExceeded(where, f"超过 {settings.memory_mb} MB / over {settings.memory_mb} MB")


def _died(where: str, exitcode: int | None, settings: IngestSettings) -> DocumentError:
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        if sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            # a C parser that cannot allocate under RLIMIT_AS aborts or crashes; the OOM killer sends SIGKILL
            return _memory_error(where, settings)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return DocumentUnreadable(where, f"解析进程被信号 {name} 终止 / the parsing process was killed by {name}")
    return DocumentUnreadable(where, f"解析进程异常退出（{exitcode}）/ the parsing process exited ({exitcode})")


def _peak_mb(pid: int | None) -> float:
    """VmHWM of a live process (Linux), in MB; 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _address_space_mb() -> int:
    """This process's current address space (VmSize), in MB; 0 when unknown."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _work(sender: Any, where: str, settings: IngestSettings,
          then: Callable[[Document], Any] | None = None) -> None:
    """The worker: limit the address space, read, send back ``(kind, payload, peak_mb)``.  The ceiling is
    ``memory_mb`` on top of what the warm worker already maps (its imports: about 240 MB for the readers, 600 MB
    when a queue worker's server also preloaded the review stages), so a reader gets the same room wherever it
    runs."""
    limit = (_address_space_mb() + settings.memory_mb) * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # a hard limit already lower than ours: keep it
        pass
    from docreview.ingest import read_here, then_here

    def progress(done: int, total: int, seconds: float) -> None:
        sender.send(("progress", (done, total, seconds), 0.0))

    try:
        doc = read_here(where, settings=settings, progress=progress)
        message: tuple[str, Any, float] = ("ok", doc if then is None else (doc, then_here(where, then, doc)), 0.0)
    except MemoryError:
        message = ("memory", None, 0.0)
    except DocumentError as exc:
        message = ("error", exc, 0.0)
    message = (message[0], message[1], _own_peak_mb())
    try:
        sender.send(message)
    except MemoryError:  # the document read, but pickling it for the caller did not fit
        message = None  # type: ignore[assignment]
        sender.send(("memory", None, _own_peak_mb()))
    finally:
        sender.close()
