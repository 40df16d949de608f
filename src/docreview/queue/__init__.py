"""Reviews as background jobs on a task queue (issue 14): Huey, SQLite by default, Redis for several machines.

- ``submit_set`` (an upload as a set of units, ``queue.units``: by hand, a ZIP of unit folders or a manifest) /
  ``submit_uploads`` / ``submit_units``: store files, write one job per unit, queue them; returns at once.
- ``run_consumer``: a Huey consumer (``docreview worker``; ``docreview app`` starts one beside the app).
- ``run_job``: what a worker does with one job (claim, heartbeat, review, save with the job in one
  transaction).
- ``retry`` a failed job alone, ``cancel`` a batch; ``store.jobs`` holds the job rows and their progress.

The package sits above ``store`` and ``pipeline`` and below ``cli`` (``docs/architecture.md``).
"""

from __future__ import annotations

from docreview.queue.consumer import run_consumer
from docreview.queue.runner import StopJob, run_job, workspace_for
from docreview.queue.submit import (
    Submission,
    cancel,
    enqueue,
    retry,
    submit_set,
    submit_units,
    submit_uploads,
)
from docreview.queue.tasks import Queue, queue_for, reap

__all__ = [
    "Queue",
    "StopJob",
    "Submission",
    "cancel",
    "enqueue",
    "queue_for",
    "reap",
    "retry",
    "run_consumer",
    "run_job",
    "submit_set",
    "submit_units",
    "submit_uploads",
    "workspace_for",
]
