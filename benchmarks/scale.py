"""The province-scale benchmarks of `make bench`, for one database engine; `run.py` runs it once per engine
and puts the results side by side in BENCHMARKS.md.

    python benchmarks/scale.py sqlite|postgresql   → one JSON line of result rows on stdout

Scale (environment): BENCH_COMMITTEES (300; BENCH_COMMITTEES_SQLITE or _POSTGRESQL for one engine), BENCH_SCALE_MEMBERS (300 per committee), BENCH_YEARS (3),
BENCH_SCALE_RUNS (7; list pages take 4× as many samples for their p95), BENCH_IMPORT_ROWS (10000),
BENCH_ROLLUP_RUNS (3; 0 skips it), BENCH_PARTIAL (see ``_partial``), BENCH_PHASES (one,province: either may be run alone).
PostgreSQL: BENCH_PG (postgres://postgres@127.0.0.1:5432) and BENCH_PG_PREFIX (lvzhi_synth_bench): the
databases ``<prefix>_one`` and ``<prefix>_province`` are created for the run; BENCH_KEEP=1 keeps the
province for the next run (it is reused when its committee count matches) instead of dropping it; on
SQLite the province's file is BENCH_SQLITE_PROVINCE (default: a scratch file).

1. One committee (300 members, 3 years) is synthesized alone into an empty database: its summary (every
   figure, its current term up to today) and its list pages are timed there.
2. The province is synthesized into a second database: the same committee (the province committee itself,
   made from the same seed, so the same rows) among all the others: its summary again, its list pages
   (p95 and SQL query count, which must not grow), every figure inside lvzhi against the same SQL run
   directly on the cursor, and the roll-up of the whole province.
3. A 10,000-row roster import into a new committee of the first database.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COMMITTEES = int(os.environ.get("BENCH_COMMITTEES", 300))
MEMBERS = int(os.environ.get("BENCH_SCALE_MEMBERS", 300))
YEARS = int(os.environ.get("BENCH_YEARS", 3))
RUNS = int(os.environ.get("BENCH_SCALE_RUNS", 7))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 10_000))
ROLLUP_RUNS = int(os.environ.get("BENCH_ROLLUP_RUNS", 3))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "lvzhi_synth_bench")
KEEP = os.environ.get("BENCH_KEEP") == "1"
CODE = "bench"
SEED = 1

Row = dict[str, Any]


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _pg_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _switch(engine: str, name: str, fresh: bool) -> None:
    """Point Django's default connection at another database of the engine (created empty if fresh)."""
    from django.db import connection

    connection.close()
    if engine == "postgresql":
        if fresh:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
            _pg_admin(f'CREATE DATABASE "{name}"')
        connection.settings_dict["NAME"] = name
    else:
        if fresh and Path(name).exists():
            Path(name).unlink()
        connection.settings_dict["NAME"] = name


def _partial(row: Row) -> None:
    """BENCH_PARTIAL=FILE: each row is appended there as soon as it is measured (a JSON line), so a run
    stopped early still leaves what it measured."""
    path = os.environ.get("BENCH_PARTIAL")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(row, default=str) + "\n")


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


CPU: list[float] = []  # the CPU milliseconds of this process in each run of the last ``timed``


def timed(fn: Callable[[], object], runs: int = RUNS) -> list[float]:
    """Wall milliseconds of each run; the process's own CPU time of each run is left in ``CPU`` (on a
    loaded machine it is the steadier number; on PostgreSQL it leaves out the server's share)."""
    out = []
    CPU.clear()
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - start) * 1000)
        CPU.append((time.process_time() - cpu) * 1000)
    return out


def cpu_ms() -> float:
    return statistics.median(CPU)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def committees_for(engine: str) -> int:
    """BENCH_COMMITTEES_SQLITE / BENCH_COMMITTEES_POSTGRESQL override BENCH_COMMITTEES for one engine."""
    return int(os.environ.get(f"BENCH_COMMITTEES_{engine.upper()}", COMMITTEES))


def synth(committees: int) -> tuple[Any, Row]:
    from lvzhi.core.synth import Synth

    result = Synth(committees=committees, members=MEMBERS, years=YEARS, seed=SEED, code=CODE).run()
    return result.committees[0], {
        "rows": result.rows,
        "seconds": result.seconds,
        "write_seconds": result.write_seconds,
        "cpu_seconds": result.cpu_seconds,
    }


def count_queries(fn: Callable[[], object]) -> list[tuple[str, Any]]:
    from django.db import connection

    queries: list[tuple[str, Any]] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return queries


def list_pages(committee: Any) -> dict[str, tuple[list[float], int, float]]:
    """p95 samples and the SQL query count of each list page, as the committee's staff sees it."""
    from django.test import Client

    from lvzhi.core.roles import Role
    from lvzhi.org.models import TermMembership
    from tests import factories

    staff = factories.user_with_role(committee, Role.STAFF, username=f"bench-{committee.pk}-{time.time_ns()}")
    client = Client()
    client.force_login(staff)
    member = TermMembership.objects.filter(committee=committee).order_by("pk").first()
    assert member is not None
    pages = {
        "members": f"/c/{committee.code}/members/",
        "ledger": f"/c/{committee.code}/ledger/",
        "proposals": f"/c/{committee.code}/proposals/",
        "archive": f"/c/{committee.code}/archive/{member.person_id}/",
    }
    out = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        n = len(count_queries(lambda url=url: client.get(url)))
        out[name] = (timed(lambda url=url: client.get(url), RUNS * 4), n, cpu_ms())
    return out


def figures_against_sql(committee: Any, period: Any) -> list[Row]:
    """Each figure through lvzhi, and the very SQL it sent, run directly on a cursor."""
    from django.db import connection

    from lvzhi.core.figures import all_figures, evaluate

    rows = []
    for figure in all_figures():
        queries = count_queries(lambda f=figure: evaluate(committee, period, [f.key]))

        def raw(queries: list[tuple[str, Any]] = queries) -> None:
            with connection.cursor() as cursor:
                for sql, params in queries:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        lvzhi_ms = statistics.median(timed(lambda f=figure: evaluate(committee, period, [f.key])))
        lvzhi_cpu = cpu_ms()
        sql_ms = statistics.median(timed(raw))
        rows.append({
            "key": figure.key, "lvzhi_ms": lvzhi_ms, "sql_ms": sql_ms, "queries": len(queries),
            "lvzhi_cpu_ms": lvzhi_cpu, "sql_cpu_ms": cpu_ms(),
        })  # fmt: skip
    return rows


def roster_import_10k(engine: str) -> float:
    from lvzhi.core.idnumber import synthetic_id_number
    from lvzhi.org.models import SpecialCommittee
    from lvzhi.org.roster import roster_import
    from lvzhi.org.services import committee_create, term_create
    from tests.org import sheets

    committee = committee_create(code=f"bench-import-{int(time.time())}", name="导入基准政协")
    term_create(committee=committee, number=15, start=date(date.today().year - 1, 1, 10))
    names = ["经济委员会", "文史和学习委员会", "社会和法制委员会", "科教卫体委员会", "提案委员会"]
    for i, name in enumerate(names):
        SpecialCommittee.objects.create(committee=committee, name=name, order=i)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "建国华明军平志强伟芳秀英敏静丽红玉兰海波"
    rows = []
    for i in range(IMPORT_ROWS):
        birth = date(1955 + i % 38, i % 12 + 1, i % 28 + 1)
        cpc = i % 5 < 2
        sc = names[i % 5]
        rows.append([
            surnames[i % 20] + given[i // 20 % 20] + given[(i * 7) % 20], "男" if i % 2 else "女", "汉族",
            f"{birth:%Y-%m}", "中共党员" if cpc else "群众", "经济界", sc, "委员", "某单位", "",
            synthetic_id_number(region="611002", birth=birth, sequence=(i // 400) * 2 + (1 if i % 2 else 0)),
            f"{sc}党支部" if cpc else "",
        ])  # fmt: skip
    data = sheets.xlsx(rows)
    start, cpu = time.perf_counter(), time.process_time()
    result = roster_import(committee=committee, data=data, filename="r.xlsx", create_missing=True)
    elapsed = (time.perf_counter() - start) * 1000
    CPU[:] = [(time.process_time() - cpu) * 1000]
    assert not result.errors, result.errors[:3]
    return elapsed


def main(engine: str) -> list[Row]:
    scratch = tempfile.mkdtemp(prefix="lvzhi-bench-scale-")
    one = f"{PG_PREFIX}_one" if engine == "postgresql" else f"{scratch}/one.sqlite3"
    province = (
        f"{PG_PREFIX}_province"
        if engine == "postgresql"
        else os.environ.get("BENCH_SQLITE_PROVINCE", f"{scratch}/province.sqlite3")
    )
    os.environ["DATABASE_URL"] = f"{PG}/{one}" if engine == "postgresql" else f"sqlite:///{one}"
    os.environ["LVZHI_HOME"] = scratch
    os.environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    today = date.today()
    out: list[Row] = []
    phases = os.environ.get("BENCH_PHASES", "one,province").split(",")
    if "one" in phases:
        out += phase_one(engine, one, today)
    if "province" in phases:
        out += phase_province(engine, province, today)
    from django.db import connection

    connection.close()
    if engine == "postgresql":
        if "one" in phases:
            _pg_admin(f'DROP DATABASE IF EXISTS "{one}"')
        if not KEEP and "province" in phases:
            _pg_admin(f'DROP DATABASE IF EXISTS "{province}"')
    return out


def phase_one(engine: str, one: str, today: date) -> list[Row]:
    """One committee alone in its database, and the roster import."""
    from lvzhi.core.figures import evaluate
    from lvzhi.reports.summary import default_period

    out: list[Row] = []

    def add(target: str, **values: Any) -> None:
        out.append({"target": target, "engine": engine, **values})
        _partial(out[-1])

    _switch(engine, one, fresh=True)
    _migrate()
    committee, made = synth(1)
    add("synth_one", **made)
    period = default_period(committee, today)
    evaluate(committee, period)
    add(
        "summary_one",
        median_ms=statistics.median(timed(lambda: evaluate(committee, period))),
        cpu_ms=cpu_ms(),
    )
    for name, (samples, n, cpu) in list_pages(committee).items():
        add(
            f"list_one_{name}",
            median_ms=statistics.median(samples),
            p95_ms=p95(samples),
            queries=n,
            cpu_ms=cpu,
        )
    add("roster_import", median_ms=roster_import_10k(engine), rows=IMPORT_ROWS, cpu_ms=cpu_ms())
    return out


def phase_province(engine: str, province: str, today: date) -> list[Row]:
    """The same committee among the province's, every figure against its SQL, and the roll-up."""
    from lvzhi.core.figures import evaluate
    from lvzhi.org.models import Committee
    from lvzhi.reports.rollup import build_rollup
    from lvzhi.reports.summary import default_period

    out: list[Row] = []

    def add(target: str, **values: Any) -> None:
        out.append({"target": target, "engine": engine, **values})
        _partial(out[-1])

    n = committees_for(engine)
    reuse = (
        KEEP
        and (engine != "postgresql" or _pg_exists(province))
        and (engine == "postgresql" or Path(province).exists())
    )
    _switch(engine, province, fresh=not reuse)
    _migrate()
    root = Committee.objects.filter(code=CODE).first()
    if root is not None and Committee.objects.subtree(root).count() == n:
        add("synth_province", reused=True, committees=n)
    else:
        _switch(engine, province, fresh=True)
        _migrate()
        root, made = synth(n)
        add("synth_province", committees=n, **made)
    period = default_period(root, today)
    evaluate(root, period)
    add(
        "summary_province",
        median_ms=statistics.median(timed(lambda: evaluate(root, period))),
        cpu_ms=cpu_ms(),
    )
    for name, (samples, queries, cpu) in list_pages(root).items():
        add(
            f"list_province_{name}",
            median_ms=statistics.median(samples),
            p95_ms=p95(samples),
            queries=queries,
            cpu_ms=cpu,
        )
    for row in figures_against_sql(root, period):
        add("figure_vs_sql", **row)
    if ROLLUP_RUNS:
        samples = timed(lambda: build_rollup(root, period), ROLLUP_RUNS)
        add("rollup", median_ms=statistics.median(samples), committees=n, cpu_ms=cpu_ms())
    return out


if __name__ == "__main__":
    rows = main(sys.argv[1])
    sys.stdout.write(json.dumps(rows, default=str) + "\n")
