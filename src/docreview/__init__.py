"""docreview: check Chinese budget-performance reports against the targets of policy documents."""

from __future__ import annotations

__version__ = "0.1.0"
