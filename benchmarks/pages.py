"""CPU and queries per page of the load benchmark's member-facing mix, in-process (no HTTP, no locust).

Same database and data as `benchmarks/load.py` (LOAD_DB, LOAD_REUSE=1 to keep the seeded one; every run
seeds a fresh 2,000-invitee meeting): a logged-in demo member (a session from Django's session engine)
requests each page of the mix through Django's test client; the figure is ``time.process_time()`` of
this process per request (the server's CPU, not PostgreSQL's), median of PAGES_N requests after two
warm-ups, with the page's query count. Then PAGES_CHECKINS of the 2,000 members each open the check-in
page and tap 签到 (CPU per GET and per POST, queries per POST), after PAGES_PRESENT (1,500) others were
marked present by the office (so the meeting already has that many attendance records, as late in a
check-in rush).

    LOAD_DB=lvzhi_x_load LOAD_REUSE=1 .venv/bin/python benchmarks/pages.py [--profile PAGE]

``--check-in-only`` skips the pages, ``--page PAGE`` measures one; ``--profile PAGE`` prints the cProfile of PAGES_N requests of one page (a name below, or "check-in").
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("LOAD_KEEP", "1")

import load

N = int(os.environ.get("PAGES_N", 30))
CHECKINS = int(os.environ.get("PAGES_CHECKINS", 60))
PRESENT = int(os.environ.get("PAGES_PRESENT", 1500))
PSTATS = os.environ.get("PAGES_PSTATS")  # with --profile: also dump the stats there (for pstats)


def main() -> None:
    load.database()
    load.django_setup()
    from contextlib import contextmanager

    from django.db import connection
    from django.test import Client

    @contextmanager
    def counting():  # type: ignore[no-untyped-def]
        """Queries run inside (request_started resets Django's own query log, so count them here)."""
        seen: list[str] = []

        def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            yield seen

    plan = load.seed()
    urls = plan["urls"]
    pages = {
        "home (dashboard)": "/",
        "我的履职档案": urls["my_archive"],
        "我的会议": urls["my_meetings"],
        "我的读书": urls["my_reading"],
        "proposal list": urls["proposals"],
        "portal list": urls["portal"],
        "portal article": urls["portal_articles"][0],
        "check-in page (GET)": urls["mix_checkin"],
    }
    profile = sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else None
    only = sys.argv[sys.argv.index("--page") + 1] if "--page" in sys.argv else profile

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = plan["mix_sessions"][0]
    rows = []
    for name, path in pages.items():
        if (only and name != only) or "--check-in-only" in sys.argv:
            continue
        for _ in range(2):
            assert client.get(path, follow=True).status_code == 200, (name, path)
        with counting() as q:
            client.get(path, follow=True)
        profiler = cProfile.Profile(time.process_time) if profile else None
        times = []
        for _ in range(N):
            if profiler:
                profiler.enable()
            t = time.process_time()
            r = client.get(path, follow=True)
            times.append((time.process_time() - t) * 1000)
            if profiler:
                profiler.disable()
            assert r.status_code == 200
        rows.append((name, statistics.median(times), len(q)))
        if profiler:
            _report(profiler)
    if rows:
        print("| page | CPU ms (median) | queries |\n|---|---:|---:|")
        for name, ms, queries in rows:
            print(f"| {name} | {ms:.1f} | {queries} |")

    if only and only != "check-in":
        return
    url = urls["checkin"]
    from lvzhi.meetings.models import Meeting
    from lvzhi.meetings.services import attendance_set_many

    meeting = Meeting.objects.get(pk=plan["meeting"])
    late = list(meeting.invitees.order_by("-person_id").values_list("person_id", flat=True)[:PRESENT])
    attendance_set_many(meeting=meeting, marks=dict.fromkeys(late, "present"), by=None)
    get_ms, post_ms, post_q = [], [], []
    profiler = cProfile.Profile(time.process_time) if profile else None
    c = Client(HTTP_HOST="127.0.0.1")  # one handler, as in a server process
    for key in plan["checkin_sessions"][:CHECKINS]:
        c.cookies.clear()
        c.cookies["sessionid"] = key
        if profiler:
            profiler.enable()
        t = time.process_time()
        r = c.get(url)
        get_ms.append((time.process_time() - t) * 1000)
        assert r.status_code == 200
        with counting() as q:
            t = time.process_time()
            r = c.post(url)
            post_ms.append((time.process_time() - t) * 1000)
        if profiler:
            profiler.disable()
        assert r.status_code == 200
        assert b'id="checked-in"' in r.content, r.content[:2000]
        post_q.append(len(q))
    if profiler:
        _report(profiler)
    print(
        f"check-in, {CHECKINS} of {len(plan['checkin_sessions'])} invitees ({len(late)} present before):"
        f" GET {statistics.median(get_ms):.1f} ms,"
        f" POST {statistics.median(post_ms):.1f} ms CPU (medians), POST queries {statistics.median(post_q):.0f}"
    )


def _report(profiler: cProfile.Profile) -> None:
    if PSTATS:
        profiler.dump_stats(PSTATS)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
