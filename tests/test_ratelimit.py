"""The LLM rate limit shared by all workers (issue 14): a token bucket in this process, or in a real Redis
server shared by worker processes, in front of every request the explanation path sends."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from docreview.errors import LLMError
from docreview.ratelimit import LocalBucket, RedisBucket, Unlimited, limiter_for
from docreview.settings import LLMSettings
from llm_server import Reply, ScriptedLLMServer

TESTS = Path(__file__).resolve().parent


def _spacing_ok(times: list[float], *, rate: float, burst: int, slack: float = 0.03) -> bool:
    """No window of the sorted ``times`` holds more requests than the bucket allows: the k-th request after any
    request comes at least (k - burst) / rate seconds later."""
    times = sorted(times)
    return all(times[j] - times[i] >= (j - i - burst) / rate - slack
               for i in range(len(times)) for j in range(i + 1, len(times)))


def test_the_local_bucket_bounds_all_threads_of_a_process() -> None:
    bucket = LocalBucket(rate=20.0, burst=2)
    stamps: list[float] = []
    lock = threading.Lock()

    def take(n: int) -> None:
        for _ in range(n):
            bucket.acquire()
            with lock:
                stamps.append(time.monotonic())

    t0 = time.monotonic()
    threads = [threading.Thread(target=take, args=(5,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stamps) == 20
    assert time.monotonic() - t0 >= (20 - 2) / 20.0 - 0.05  # 18 tokens had to flow in at 20 per second
    assert _spacing_ok(stamps, rate=20.0, burst=2)
    slow = LocalBucket(rate=0.5, burst=1)
    slow.acquire()  # its one token; the next flows in after 2 s
    with pytest.raises(LLMError, match="排队超过") as err:
        slow.acquire(timeout=0.2)
    assert err.value.retryable
    assert isinstance(limiter_for(LLMSettings(rate_per_s=0)), Unlimited)
    same = LLMSettings(rate_per_s=5, burst=3, rate_limit_url=None)
    assert limiter_for(same) is limiter_for(same)  # one bucket per process and configuration


def test_the_explanation_path_keeps_to_the_rate(tmp_path: Path) -> None:
    """Every request the explain stage sends (four at a time here) takes a token first, through the real client."""
    from docreview.explain import explain_flags
    from docreview.settings import Settings
    from store_samples import make_review

    arrivals: list[float] = []
    lock = threading.Lock()

    def respond(body: dict[str, Any]) -> Reply:
        with lock:
            arrivals.append(time.monotonic())
        return Reply(content="{}")  # unparsable for the schema: the rule explanation stands, fine here

    with ScriptedLLMServer(responder=respond) as server:
        settings = Settings(workspace=tmp_path / "ws", llm=LLMSettings(
            base_url=server.base_url, model="test-model", api_key=None, timeout=10, max_retries=0, concurrency=4,
            max_reasks=0, cache=False, rate_per_s=10, burst=1, rate_limit_url=None))
        review = make_review()
        out = explain_flags(review, settings)
    assert len(out) == len(review.flags) and len(arrivals) >= len(review.flags)
    assert _spacing_ok(arrivals, rate=10.0, burst=1)
    # not all at once: from the second arrival on, one per token (the first request also opens the connection, so it
    # may arrive up to a token's interval late, next to the second)
    arrivals.sort()
    assert arrivals[-1] - arrivals[1] >= (len(arrivals) - 2) / 10.0 - 0.05


_WORKER = textwrap.dedent("""
    import sys, time
    from docreview.ratelimit import limiter_for
    from docreview.settings import LLMSettings
    limiter = limiter_for(LLMSettings(rate_per_s=20, burst=1, rate_limit_url=sys.argv[1]))
    time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # both processes start taking at the same instant
    for _ in range(10):
        limiter.acquire()
        print(repr(time.time()), flush=True)
""")


def test_worker_processes_share_one_rate_through_redis(redis_server: Any) -> None:
    """Two worker processes take 10 tokens each from the bucket in Redis: together they get 20 per second (one
    bucket per process would let 40 through)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    start = time.time() + 2.0
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, redis_server.url, repr(start)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for _ in range(2)]
    results = [p.communicate(timeout=60) for p in procs]
    stamps: list[float] = []
    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        stamps += [float(x) for x in out.split()]
    assert len(stamps) == 20
    assert _spacing_ok(stamps, rate=20.0, burst=1, slack=0.05)
    assert max(stamps) - min(stamps) >= 19 / 20.0 - 0.1  # one shared rate, not one per process


def test_the_redis_bucket_falls_back_to_this_process_when_redis_is_away() -> None:
    bucket = RedisBucket("redis://127.0.0.1:9/0", rate=50.0, burst=1)  # nothing listens on port 9
    t0 = time.monotonic()
    for _ in range(6):
        bucket.acquire()
    assert time.monotonic() - t0 >= 5 / 50.0 - 0.02  # still limited, by the local bucket
