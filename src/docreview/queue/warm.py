"""Imported once by the forkserver of a queue worker (``pipeline.prepare_bounded_review``): what the review
children would otherwise each load again, so that every job's bounded review starts warm.  Loading only: no
model session, no Chroma client, no thread (the server forks).  Measured per child before this: jieba's
dictionary 1.7 s, Chroma's client modules about 0.3 s."""

from __future__ import annotations

from docreview.pipeline import warm_review

warm_review()
