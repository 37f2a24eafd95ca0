"""`make bench`: the roster at the size of a large district (400 members), timed end to end, then the
province-scale targets on SQLite and PostgreSQL side by side (``benchmarks/scale.py``, one process per
engine; BENCH_SCALE=0 skips them, BENCH_ENGINES=sqlite runs one engine; the scale is set there).
BENCH_DISTRICT=0 keeps the district table already in BENCHMARKS.md and rewrites only the province section;
with BENCH_SCALE_JSON=a.json,b.json that section is rendered from earlier ``scale.py ENGINE > a.json`` runs.

Runs against a scratch SQLite database (or DATABASE_URL when set) and writes BENCHMARKS.md with medians
of several runs; the machines are noisy, so compare medians and ratios, never single runs.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 400))
RUNS = int(os.environ.get("BENCH_RUNS", 7))


def setup() -> str:
    scratch = tempfile.mkdtemp(prefix="lvzhi-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["LVZHI_HOME"] = scratch
    os.environ["DJANGO_SETTINGS_MODULE"] = "lvzhi.config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"].split("://")[0]


def _org_life_year(committee: Any, today: date) -> int:
    """Every branch's monthly 支委会 and 主题党日 and quarterly 党员大会 so far this year, all attending."""
    from lvzhi.party.choices import AttendanceStatus, MeetingKind
    from lvzhi.party.models import PartyBranch, PartyMembership
    from lvzhi.party.services import attendance_set, meeting_record

    n = 0
    for branch in PartyBranch.objects.filter(committee=committee):
        members = list(
            PartyMembership.objects.filter(branch=branch).current().values_list("person_id", flat=True)
        )
        for month in range(1, today.month + 1):
            kinds = [MeetingKind.COMMITTEE, MeetingKind.THEME_DAY] + (
                [MeetingKind.GENERAL] if month % 3 == 0 else []
            )
            for kind in kinds:
                on = min(date(today.year, month, 10), today)
                meeting = meeting_record(branch=branch, kind=kind, held_on=on, topic="基准", today=on)
                attendance_set(meeting=meeting, marks=dict.fromkeys(members, (AttendanceStatus.PRESENT, "")))
                n += 1
    return n


def _ledger(committee: Any) -> int:
    from lvzhi.rectify.services import campaign_create, ledger_item_register

    campaign = campaign_create(
        committee=committee,
        name="基准专项行动",
        started_on=date(2026, 1, 1),
        categories=[f"类别{i}" for i in range(10)],
        by=None,
    )
    categories = list(campaign.categories.all())
    for i in range(300):
        ledger_item_register(
            campaign=campaign, data={"category": categories[i % 10], "description": f"问题{i}"}, by=None
        )
    return 300


SEARCH_RECORDS = int(os.environ.get("BENCH_SEARCH_RECORDS", 10_000))
_TOPICS = [
    ("城区集中供暖", ["供暖管网老化", "室温不达标", "跑冒滴漏", "热计量收费", "换热站改造"]),
    ("普惠性幼儿园", ["学位不足", "入园难入园贵", "配套园移交", "民办园收费", "保教质量"]),
    ("农村生活污水", ["污水直排河道", "处理设施闲置", "第三方运维", "出水水质监测", "管网覆盖"]),
    ("电动自行车充电", ["飞线充电", "楼道停放", "火灾隐患", "智能充电桩", "集中停放棚"]),
    ("中小学课后服务", ["服务内容单一", "教师负担", "社会资源引入", "经费保障", "托管需求"]),
    ("医院周边停车", ["停车位不足", "道路拥堵", "错时共享", "立体停车库", "预约就诊"]),
    ("老旧小区改造", ["加装电梯", "雨污分流", "外墙保温", "物业管理", "居民议事"]),
    ("养老服务", ["居家养老", "日间照料中心", "助餐服务", "护理人才", "医养结合"]),
    ("营商环境", ["审批时限", "政务服务", "融资难", "惠企政策", "涉企检查"]),
    ("文化遗产保护", ["非遗传承", "传统村落", "文物修缮", "专项资金", "文旅融合"]),
]
_PLACES = ["东城", "西城", "南关", "北街", "河西", "新区", "城关", "高新", "滨河", "开发区"]
_GLUE = ["群众反映强烈", "问题较为突出", "影响群众生活", "亟待解决", "相关部门应当", "统筹资金分步实施"]


def _search_rows(committee: Any, count: int, seed: int, kind: str = "proposal") -> list[dict[str, Any]]:
    """Deterministic proposal-like records: a topic, a place, three of the topic's issues, some glue."""
    import random

    rnd = random.Random(seed)
    rows = []
    for i in range(count):
        topic, issues = _TOPICS[rnd.randrange(len(_TOPICS))]
        place = rnd.choice(_PLACES)
        picked = rnd.sample(issues, 3)
        text = "，".join(
            [f"{place}{topic}{picked[0]}", picked[1], rnd.choice(_GLUE), picked[2], rnd.choice(_GLUE)]
        )
        rows.append({
            "committee": committee, "kind": kind, "object_id": seed * 1_000_000 + i,
            "title": f"关于{place}{topic}{picked[0]}问题的建议（{i}）", "text": text + "。", "date": date(2025, 1, 1),
        })  # fmt: skip
    return rows


def _search(committee: Any, other: Any) -> list[tuple[str, float, float, str]]:
    """search() and similar() over SEARCH_RECORDS records of the committee and as many of another."""
    from lvzhi.core.search import index_many, search, similar

    rows = _search_rows(committee, SEARCH_RECORDS, 1)
    start = time.perf_counter()
    index_many(rows)
    first = (time.perf_counter() - start) * 1000
    index_many(_search_rows(other, SEARCH_RECORDS, 2))
    out = [(f"search index_many, {SEARCH_RECORDS} records (first index, one run)", first, 0.0, "")]
    t, m = measure(lambda: index_many(rows))
    out.append((f"search index_many, {SEARCH_RECORDS} records, all re-indexed", t, m, ""))
    for query in ["供暖", "东城 幼儿园 学位", "智能充电桩 火灾隐患"]:
        hits = len(search(committee, query))
        t, m = measure(lambda query=query: search(committee, query))
        out.append(
            (
                f"search() 「{query}」 over {SEARCH_RECORDS} records (+{SEARCH_RECORDS} elsewhere)",
                t,
                m,
                f"{hits} hits (limit 50)",
            )
        )
    draft = (
        "河西片区老旧小区冬季供暖不达标的情况很普遍，供热管网老化破损，经常跑冒滴漏，"
        "换热站设备陈旧。希望加快换热站改造，推行按热计量收费。"
    )
    hits = len(similar(committee, draft))
    t, m = measure(lambda: similar(committee, draft))
    out.append(
        (
            f"similar() for a draft over {SEARCH_RECORDS} records (+{SEARCH_RECORDS} elsewhere)",
            t,
            m,
            f"{hits} hits",
        )
    )
    return out


def measure(fn: Callable[[], object]) -> tuple[float, float]:
    """Median wall time in ms over RUNS runs, and peak traced memory in MB of one run."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return statistics.median(times), peak


MARKED_BLOCK = re.compile(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", flags=re.S)


def marked_blocks(out: Path) -> str:
    """The blocks other scripts write between `<!-- name:start -->` and `<!-- name:end -->` markers (the load
    benchmark, the profile-and-fix rounds), kept as they are and in their order."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    kept = [m.group(0) for m in MARKED_BLOCK.finditer(text)]
    return "".join("\n\n" + block + "\n" for block in kept)


def main() -> None:
    if os.environ.get("BENCH_DISTRICT") == "0":
        # Keep the district table already in BENCHMARKS.md; (re)write only the province-scale section.
        out = ROOT / "BENCHMARKS.md"
        kept = out.read_text(encoding="utf-8").split("\n## At province scale")[0].rstrip("\n").split("\n")
        lines = [*kept, *scale_section()]
        out.write_text("\n".join(lines) + marked_blocks(out), encoding="utf-8")
        sys.stdout.write("\n".join(lines))
        return
    engine = setup()
    from django.db import connection
    from django.test import Client

    from lvzhi.core.figures import evaluate
    from lvzhi.core.idnumber import synthetic_id_number
    from lvzhi.core.roles import Role
    from lvzhi.org.models import SpecialCommittee, TermMembership
    from lvzhi.org.roster import roster_export, roster_import
    from lvzhi.org.services import committee_create, term_create
    from lvzhi.party.coverage import coverage
    from lvzhi.party.orglife import compliance
    from lvzhi.reports.summary import default_period
    from tests import factories
    from tests.org import sheets

    today = date.today()
    committee = committee_create(code=f"bench{int(time.time())}", name="基准测试区政协")
    term_create(committee=committee, number=15, start=date(today.year - 1, 1, 10))
    committees = ["经济委员会", "文史和学习委员会", "社会和法制委员会", "科教卫体委员会", "提案委员会"]
    for i, name in enumerate(committees):
        SpecialCommittee.objects.create(committee=committee, name=name, order=i)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "建国华明军平志强伟芳秀英敏静丽红玉兰海波"
    rows = []
    for i in range(MEMBERS):
        birth = date(1960 + i % 30, i % 12 + 1, i % 27 + 1)
        cpc = i % 5 < 2
        sc = committees[i % 5]
        rows.append([
            surnames[i % 20] + given[i // 20 % 20] + given[(i * 7) % 20], "男" if i % 2 else "女", "汉族",
            f"{birth:%Y-%m}", "中共党员" if cpc else "群众", "经济界", sc, "委员", "某单位", "",
            synthetic_id_number(region="611002", birth=birth, sequence=i * 2 + (1 if i % 2 else 0)),
            f"{sc}党支部" if cpc else "",
        ])  # fmt: skip
    data = sheets.xlsx(rows)

    results: list[tuple[str, float, float, str]] = []
    first = roster_import(committee=committee, data=data, filename="r.xlsx", create_missing=True)
    assert not first.errors, first.errors[:3]
    t, m = measure(lambda: roster_import(committee=committee, data=data, filename="r.xlsx", dry_run=True))
    results.append((f"roster import check, {MEMBERS} rows .xlsx (dry run)", t, m, ""))
    t, m = measure(lambda: roster_import(committee=committee, data=data, filename="r.xlsx"))
    results.append((f"roster re-import, {MEMBERS} rows, all unchanged", t, m, ""))
    t, m = measure(lambda: roster_export(committee=committee, full=True, on=today, by=None))
    results.append((f"roster export, {MEMBERS} rows .xlsx", t, m, ""))
    t, m = measure(lambda: coverage(committee, today))
    results.append((f"两个全覆盖 over {MEMBERS} members", t, m, ""))
    meetings = _org_life_year(committee, today)
    t, m = measure(lambda: compliance(committee, today.year, today))
    results.append((f"组织生活日历, a year of {meetings} meetings", t, m, ""))
    items = _ledger(committee)
    period = default_period(committee, today)
    t, m = measure(lambda: evaluate(committee, period))
    results.append(("all figures of the summary", t, m, ""))

    other = committee_create(code=f"bench{int(time.time())}x", name="基准测试县政协")
    results.extend(_search(committee, other))

    staff = factories.user_with_role(committee, Role.STAFF, username=f"bench-staff-{committee.pk}")
    client = Client()
    client.force_login(staff)
    for label, url in [
        ("member list page (50 per page)", f"/c/{committee.code}/members/"),
        ("coverage page", f"/c/{committee.code}/party/coverage/"),
        ("summary page", f"/c/{committee.code}/summary/"),
        ("org-life calendar page", f"/c/{committee.code}/party/orglife/compliance/"),
        ("meetings list page", f"/c/{committee.code}/party/meetings/"),
        (f"ledger page ({items} items, 50 per page)", f"/c/{committee.code}/ledger/"),
    ]:
        queries: list[str] = []

        def counting(execute, sql, *args, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counting):
            assert client.get(url).status_code == 200
        t, m = measure(lambda url=url: client.get(url))
        results.append((label, t, m, f"{len(queries)} queries"))
    assert TermMembership.objects.filter(committee=committee).count() == MEMBERS

    lines = [
        "# Benchmarks",
        "",
        f"Produced by `make bench` (`.venv/bin/python benchmarks/run.py`) on {today:%Y-%m-%d}: {engine}, "
        f"{MEMBERS} members, median of {RUNS} runs; peak traced Python memory of one run. "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs. Compare medians and ratios only.",
        "",
        "| operation | median ms | peak MB | notes |",
        "|---|---:|---:|---|",
        *(f"| {label} | {t:.1f} | {m:.1f} | {note} |" for label, t, m, note in results),
        "",
    ]
    if os.environ.get("BENCH_SCALE", "1") != "0":
        lines += scale_section()
    out = ROOT / "BENCHMARKS.md"
    out.write_text("\n".join(lines) + marked_blocks(out), encoding="utf-8")
    sys.stdout.write("\n".join(lines))


SCALE_ENV = (
    "BENCH_COMMITTEES",
    "BENCH_SCALE_MEMBERS",
    "BENCH_YEARS",
    "BENCH_SCALE_RUNS",
    "BENCH_ROLLUP_RUNS",
)


def scale_section() -> list[str]:
    """Run benchmarks/scale.py per engine (a process each) and render its rows side by side."""
    engines = os.environ.get("BENCH_ENGINES", "sqlite,postgresql").split(",")
    rows: list[dict[str, Any]] = []
    saved = os.environ.get(
        "BENCH_SCALE_JSON"
    )  # files of earlier `scale.py ENGINE > FILE` runs, comma-separated
    if saved:
        for path in saved.split(","):
            text = Path(path).read_text(encoding="utf-8").strip().splitlines()
            last = json.loads(text[-1])  # a run's one line of rows, or BENCH_PARTIAL's line per row
            rows += last if isinstance(last, list) else [json.loads(line) for line in text]
        return render_scale(rows, engines)
    for engine in engines:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "scale.py"), engine],
            env=env, cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"benchmarks/scale.py {engine} failed")
        rows += json.loads(done.stdout.strip().splitlines()[-1])
        sys.stderr.write(f"scale {engine}: {time.perf_counter() - started:.0f} s\n")
    return render_scale(rows, engines)


ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def render_scale(rows: list[dict[str, Any]], engines: list[str]) -> list[str]:
    from benchmarks import scale

    by = {(r["target"], r["engine"]): r for r in rows if r["target"] != "figure_vs_sql"}
    sizes = {e: by.get(("synth_province", e), {}).get("committees", scale.COMMITTEES) for e in engines}
    n = "/".join(str(sizes[e]) for e in engines) if len(set(sizes.values())) > 1 else str(sizes[engines[0]])

    def cell(target: str, engine: str, key: str = "median_ms", fmt: str = "{:.1f}") -> str:
        row = by.get((target, engine))
        if row is None or row.get(key) is None:
            return "—"
        cpu = f" (CPU {row['cpu_ms']:.0f})" if row.get("cpu_ms") is not None else ""
        return fmt.format(row[key]) + cpu

    def ratio(a: str, b: str, engine: str) -> float | None:
        x, y = by.get((a, engine)), by.get((b, engine))
        if not x or not y or not y.get("median_ms"):
            return None
        return float(x["median_ms"]) / float(y["median_ms"])

    def met(value: float | None, limit: float) -> str:
        return "—" if value is None else ("met" if value <= limit else "**missed**")

    head = " | ".join(ENGINE_NAMES[e] for e in engines)
    lines = [
        "",
        "## At province scale",
        "",
        f"Produced by `make bench` on {date.today():%Y-%m-%d} (`.venv/bin/python benchmarks/run.py`; one engine: "
        f"`BENCH_ENGINES=postgresql .venv/bin/python benchmarks/run.py`), {n} committees "
        f"({', '.join(f'{ENGINE_NAMES[e]} {sizes[e]}' for e in engines)}) of "
        f"{scale.MEMBERS} members with {scale.YEARS} years of records each, made by `lvzhi synth --committees N "
        f"--members {scale.MEMBERS} --years {scale.YEARS} --seed 1`. Quicker: `BENCH_COMMITTEES=30 make bench`. "
        f"Measured on a shared 2-core machine ({platform.machine()}, Python {platform.python_version()}, "
        "PostgreSQL on loopback) while other work ran on it: single timings are noisy, so read medians and the "
        "ratios taken within one run. Medians of BENCH_SCALE_RUNS runs (default 7); list pages: p95 of four "
        "times as many requests. Wall milliseconds, and in brackets the median CPU milliseconds of the lvzhi "
        "process itself (steadier when the machine is loaded; on PostgreSQL it leaves out the server's share).",
        "",
        *([os.environ["BENCH_NOTE"], ""] if os.environ.get("BENCH_NOTE") else []),
        f"| target | limit | {head} | met |",
        "|---|---|" + "---:|" * len(engines) + "---|",
    ]

    def line(label: str, limit: str, values: list[str], verdicts: list[str]) -> None:
        if len(verdicts) == len(engines) > 1:
            named = [f"{ENGINE_NAMES[e]}: {v}" for e, v in zip(engines, verdicts, strict=True) if v != "—"]
            shown = "; ".join(named) or "—"
        else:
            shown = ", ".join(sorted(set(verdicts) - {"—"})) or "—"
        lines.append(f"| {label} | {limit} | {' | '.join(values)} | {shown} |")

    line("one committee's summary, all figures, alone in its database (ms)", "≤ 300 ms",
         [cell("summary_one", e) for e in engines],
         [met(by.get(("summary_one", e), {}).get("median_ms"), 300) for e in engines])  # fmt: skip
    line(f"the same committee's summary inside the {n}-committee database (ms)", "",
         [cell("summary_province", e) for e in engines], ["—"])  # fmt: skip
    ratios = [ratio("summary_province", "summary_one", e) for e in engines]
    line("… ratio, inside / alone", "≤ 1.5×", ["—" if r is None else f"{r:.2f}×" for r in ratios],
         [met(r, 1.5) for r in ratios])  # fmt: skip
    line(f"roll-up of the {n}-committee province (ms)", "≤ 2 s on PostgreSQL",
         [cell("rollup", e) for e in engines],
         [met(by.get(("rollup", "postgresql"), {}).get("median_ms"), 2000)] if "postgresql" in engines else ["—"])  # fmt: skip
    for page in ("members", "ledger", "proposals", "archive"):
        p95s = [by.get((f"list_province_{page}", e), {}).get("p95_ms") for e in engines]
        line(f"{page} list page at {n} committees, p95 (ms)", "≤ 150 ms",
             [cell(f"list_province_{page}", e, "p95_ms") for e in engines], [met(v, 150) for v in p95s])  # fmt: skip
        counts = [
            (
                by.get((f"list_one_{page}", e), {}).get("queries"),
                by.get((f"list_province_{page}", e), {}).get("queries"),
            )
            for e in engines
        ]
        line(f"… its SQL queries, 1 committee → {n}", "constant",
             [f"{a} → {b}" if a is not None and b is not None else "—" for a, b in counts],
             ["—" if a is None or b is None else "met" if a == b else "**missed**" for a, b in counts])  # fmt: skip
    imported = next((r["rows"] for r in rows if r["target"] == "roster_import"), scale.IMPORT_ROWS)
    line(f"roster import, {imported:,} rows .xlsx, a new committee's first import (ms)", "≤ 10 s",
         [cell("roster_import", e) for e in engines],
         [met(by.get(("roster_import", e), {}).get("median_ms"), 10_000) for e in engines])  # fmt: skip
    for target, label in (("synth_one", "1 committee"), ("synth_province", f"{n} committees")):
        values, verdicts = [], []
        for e in engines:
            r = by.get((target, e))
            if r is None or r.get("reused"):
                values.append("reused" if r else "—")
                verdicts.append("—")
                continue
            wall, cpu = r["rows"] / r["write_seconds"], r["rows"] / r["cpu_seconds"]
            values.append(
                f"{r['rows']:,} rows in {r['seconds']:.0f} s; {wall:,.0f} rows/s written, {cpu:,.0f} rows per CPU-second"
            )
            verdicts.append(met(-wall, -50_000))
        line(f"`lvzhi synth`, {label}", "≥ 50,000 rows/s", values, verdicts or ["—"])  # fmt: skip

    figs: dict[str, dict[str, dict[str, Any]]] = {}
    for r in rows:
        if r["target"] == "figure_vs_sql":
            figs.setdefault(r["key"], {})[r["engine"]] = r
    lines += [
        "",
        f"Each figure of the province committee (inside the {n}-committee database) through `figures.evaluate`, "
        "against the very SQL statements it sent, run directly on a database cursor (limit ≤ 1.3×; ratios of "
        "sub-millisecond timings are mostly Python call overhead).",
        "",
        "| figure | queries | "
        + " | ".join(f"{ENGINE_NAMES[e]} lvzhi ms | SQL ms | ratio" for e in engines)
        + " |",
        "|---|---:|" + "---:|---:|---:|" * len(engines),
    ]
    worst: dict[str, float] = {}
    for key in sorted(figs):
        cells = []
        for e in engines:
            r = figs[key].get(e)
            if r is None:
                cells.append("— | — | —")
                continue
            x = r["lvzhi_ms"] / r["sql_ms"] if r["sql_ms"] else float("inf")
            worst[e] = max(worst.get(e, 0.0), x)
            cpu = r.get("lvzhi_cpu_ms"), r.get("sql_cpu_ms")
            tail = f" (CPU {cpu[0]:.2f} / {cpu[1]:.2f})" if cpu[0] is not None and cpu[1] is not None else ""
            cells.append(f"{r['lvzhi_ms']:.2f} | {r['sql_ms']:.2f} | {x:.2f}×{tail}")
        q = next(iter(figs[key].values()))["queries"]
        lines.append(f"| {key} | {q} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Worst figure ratio: " + ", ".join(f"{ENGINE_NAMES[e]} {v:.2f}×" for e, v in worst.items()),
        "",
    ]
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
