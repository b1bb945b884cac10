"""The WSGI application gunicorn serves for bench/http_bench.py: ``BENCH_IMPL`` names which.

The same applications as bench/inproc.py (``raw``, ``werkzeug``, ``chainweb``, ``chainweb+mw``,
``flask``, ``django``, ``django+mw``), built by its code, so both benchmarks measure the same
thing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inproc

IMPL = os.environ["BENCH_IMPL"]
application = inproc.load([IMPL])[0][IMPL]
