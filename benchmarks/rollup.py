"""The roll-up of a kept synthetic province, per-committee evaluation against grouped, side by side in one
run (medians, the process's CPU, query counts), and one committee's summary.

    BENCH_PG_PREFIX=lvzhi_x BENCH_KEEP=1 BENCH_PHASES=province BENCH_COMMITTEES=30 \\
        .venv/bin/python benchmarks/scale.py postgresql   # builds <prefix>_province once
    .venv/bin/python benchmarks/rollup.py postgres://postgres@127.0.0.1:5432/lvzhi_x_province

The argument is a DATABASE_URL (``sqlite:///path`` works too). BENCH_ROLLUP_RUNS (3) runs of each.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(url: str) -> dict[str, object]:
    os.environ["DATABASE_URL"] = url
    os.environ["LVZHI_HOME"] = tempfile.mkdtemp(prefix="lvzhi-bench-rollup-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from benchmarks.scale import CODE, count_queries, cpu_ms, timed
    from lvzhi.core.figures import evaluate
    from lvzhi.org.models import Committee
    from lvzhi.reports.rollup import build_rollup
    from lvzhi.reports.summary import default_period

    runs = int(os.environ.get("BENCH_ROLLUP_RUNS", 3))
    root = Committee.objects.get(code=CODE)
    period = default_period(root, date.today())
    out: dict[str, object] = {"committees": Committee.objects.subtree(root).count()}
    for name, grouped in (("per_committee", False), ("grouped", True)):
        queries = len(count_queries(lambda g=grouped: build_rollup(root, period, grouped=g)))
        samples = timed(lambda g=grouped: build_rollup(root, period, grouped=g), runs)
        out[name] = {"median_ms": statistics.median(samples), "cpu_ms": cpu_ms(), "queries": queries}
    evaluate(root, period)
    samples = timed(lambda: evaluate(root, period), 7)
    out["summary_one"] = {
        "median_ms": statistics.median(samples),
        "cpu_ms": cpu_ms(),
        "queries": len(count_queries(lambda: evaluate(root, period))),
    }
    return out


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(sys.argv[1])) + "\n")
