"""`make bench-load`: lvzhi under load on loopback — gunicorn, PostgreSQL and headless locust on this machine.

1. A PostgreSQL database (lvzhi_load_bench, or LOAD_DB) with the demo committee (`lvzhi demo --no-serve`),
   LOAD_MEMBERS more members (2,000) with accounts, and a committee meeting that they are all invited to,
   open for check-in now.
2. Every account gets a session straight from Django's session engine (no login in the timed parts).
3. gunicorn (LOAD_WORKERS sync workers) serves lvzhi with production settings over plain HTTP.
4. Phases, each a `locust --headless` run: the member-facing mix (LOAD_RUNS runs of LOAD_SECONDS), the
   2,000 members checking in (each GET the page, POST 签到), then logins through the form (argon2).
5. The database is checked afterwards (exactly one CheckIn, one present Invitee and one DutyRecord per
   member), and a section of BENCHMARKS.md between the load markers is written; nothing else is touched.

The generator and the server share the machine's cores, so each phase reports the CPU seconds of the
locust process, of the gunicorn workers, and of the whole machine.
Environment: LOAD_DB, LOAD_REUSE=1 (keep a seeded database between runs), LOAD_KEEP=1 (don't drop it).
"""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("LOAD_PORT", 8590))
DB = os.environ.get("LOAD_DB", "lvzhi_load_bench")
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
MEMBERS = int(os.environ.get("LOAD_MEMBERS", 2000))
WORKERS = int(os.environ.get("LOAD_WORKERS", 4))
RUNS = int(os.environ.get("LOAD_RUNS", 3))
SECONDS = int(os.environ.get("LOAD_SECONDS", 30))
MIX_USERS = int(os.environ.get("LOAD_MIX_USERS", 24))
CHECKIN_USERS = int(os.environ.get("LOAD_CHECKIN_USERS", 40))
LOGINS = int(os.environ.get("LOAD_LOGINS", 100))
LOGIN_USERS = int(os.environ.get("LOAD_LOGIN_USERS", 4))
REUSE = os.environ.get("LOAD_REUSE") == "1"
KEEP = os.environ.get("LOAD_KEEP") == "1" or REUSE
HOME = Path(os.environ.get("LOAD_HOME") or tempfile.mkdtemp(prefix="lvzhi-load-"))
PASSWORD = "Load@Bench2026"
PREFIX = "load-"
START, END = "<!-- load:start -->", "<!-- load:end -->"
TARGET_RPS, TARGET_P99, TARGET_CHECKIN_S = 200.0, 300.0, 60.0

ENV = {
    **os.environ,
    "DATABASE_URL": f"{PG}/{DB}",
    "LVZHI_HOME": str(HOME),
    "LVZHI_SECRET_KEY": "load-benchmark-secret-key-not-for-production",
    "PYTHONPATH": str(ROOT / "benchmarks"),
    "DJANGO_SETTINGS_MODULE": "load_settings",
}


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True, env=ENV)


def database() -> float:
    """A fresh database with the demo committee (seconds taken), or the kept one (LOAD_REUSE=1)."""
    started = time.perf_counter()
    if REUSE:
        out = subprocess.run(
            ["psql", f"{PG}/postgres", "-tAc", f"select 1 from pg_database where datname = '{DB}'"],
            capture_output=True,
            text=True,
            env=ENV,
        )
        if out.stdout.strip() == "1":
            return 0.0
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    # The demo under the dev settings, which create the field key in LVZHI_HOME for the server to read.
    demo_env = {**ENV, "DJANGO_SETTINGS_MODULE": "lvzhi.config.settings.dev"}
    subprocess.run([BIN / "lvzhi", "demo", "--no-serve"], check=True, env=demo_env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def django_setup() -> None:
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import django

    django.setup()


def seed() -> dict[str, Any]:
    """The extra members and their accounts (once), a fresh meeting, and a session for every account."""
    from datetime import date, timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone

    from lvzhi.accounts.models import RoleAssignment, User
    from lvzhi.core import checkin
    from lvzhi.core.demo import DEMO_CODE
    from lvzhi.core.roles import Role
    from lvzhi.meetings.choices import MeetingType
    from lvzhi.meetings.services import meeting_create
    from lvzhi.org.models import Committee, Person, Sector, Term, TermMembership
    from lvzhi.org.services import member_create
    from lvzhi.portal.models import Article

    committee = Committee.objects.get(code=DEMO_CODE)
    term = Term.objects.filter(committee=committee).order_by("-start").first()
    sector = Sector.objects.filter(committee=committee).first()
    hashed = make_password(PASSWORD)  # one argon2 hash for all: each login still verifies it in full
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        have = Person.objects.filter(committee=committee, name__startswith="负载委员").count()
        for i in range(have, MEMBERS):
            member_create(
                committee=committee,
                term=term,
                person_data={
                    "name": f"负载委员{i:04d}",
                    "gender": "1" if i % 2 else "2",
                    "political": "13",
                    "birth_month": date(1960 + i % 30, i % 12 + 1, 1),
                },
                membership_data={"sector": sector, "position": "member", "start": term.start},
            )
        # An account for every current member of the demo committee who has none (the demo's, the new).
        current = TermMembership.objects.filter(committee=committee, term=term, end__isnull=True)
        without = Person.objects.filter(pk__in=current.values("person_id"), user__isnull=True)
        users = User.objects.bulk_create(
            User(
                username=f"{PREFIX}{p.pk}",
                person=p,
                password=hashed,
                must_change_password=False,
                password_changed_at=now,
            )
            for p in without
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=u, committee=committee, role=Role.MEMBER) for u in users
        )
    seed_s = time.perf_counter() - started

    load_people = list(Person.objects.filter(committee=committee, name__startswith="负载委员").order_by("pk"))
    demo_people = list(
        Person.objects.filter(pk__in=current.values("person_id"))
        .exclude(name__startswith="负载委员")
        .filter(user__isnull=False)
    )
    meeting = meeting_create(
        committee=committee,
        data={
            "type": MeetingType.values[0],
            "title": f"负载测试全体会议 {now:%H%M%S}",
            "starts_at": now - timedelta(minutes=10),
            "ends_at": now + timedelta(hours=3),
            "place": "会议中心",
        },
        invitees=load_people,
    )
    mix_meeting = meeting_create(
        committee=committee,
        data={
            "type": MeetingType.values[0],
            "title": "负载测试签到页",
            "starts_at": now - timedelta(minutes=10),
            "ends_at": now + timedelta(hours=3),
            "place": "会议中心",
        },
        invitees=demo_people,
    )

    def session(user: Any) -> str:
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key  # type: ignore[return-value]

    started = time.perf_counter()
    by_person = {u.person_id: u for u in User.objects.filter(person__in=load_people + demo_people)}
    checkin_sessions = [session(by_person[p.pk]) for p in load_people]
    mix_sessions = [session(by_person[p.pk]) for p in demo_people]
    sessions_s = time.perf_counter() - started
    code = committee.code
    articles = Article.objects.filter(committee=committee).order_by("-pk")
    public = [f"/p/{code}/{a.pk}/" for a in articles if _public(a)][:10]
    return {
        "meeting": meeting.pk,
        "seed_s": seed_s,
        "sessions_s": sessions_s,
        "mix_sessions": mix_sessions,
        "checkin_sessions": checkin_sessions,
        "logins": [by_person[p.pk].username for p in load_people][:LOGINS],
        "password": PASSWORD,
        "urls": {
            "my_meetings": f"/c/{code}/committee-meetings/mine/",
            "my_archive": f"/c/{code}/archive/",
            "my_reading": f"/c/{code}/study/reading/mine/",
            "proposals": f"/c/{code}/proposals/",
            "portal": f"/p/{code}/",
            "portal_articles": public,
            "checkin": checkin.url(committee, "committee-meeting", meeting.pk),
            "mix_checkin": checkin.url(committee, "committee-meeting", mix_meeting.pk),
        },
    }


def _public(article: Any) -> bool:
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1").get(f"/p/{article.committee.code}/{article.pk}/").status_code == 200


class Gunicorn:
    def __enter__(self) -> Gunicorn:
        self.proc = subprocess.Popen(
            [
                BIN / "gunicorn",
                "lvzhi.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
                "--keep-alive",
                "5",
                "--preload",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=ENV,
            cwd=ROOT,
        )
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /health")

    def cpu(self) -> float:
        """CPU seconds (user + system) of the master and its workers so far."""
        total = 0.0
        for p in [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def locust(
    server: Gunicorn, plan_file: Path, user_class: str, users: int, seconds: int, tag: str
) -> dict[str, Any]:
    """One headless locust run: its aggregated and per-page stats, wall time and CPU of each side."""
    prefix = HOME / f"locust-{tag}"
    spawn = min(users, 50)
    cmd = [
        BIN / "locust",
        "-f",
        ROOT / "benchmarks" / "locustfile.py",
        "--headless",
        "--only-summary",
        "-H",
        f"http://127.0.0.1:{PORT}",
        "-u",
        str(users),
        "-r",
        str(spawn),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
        user_class,
    ]
    server_before, machine_before = server.cpu(), psutil.cpu_times()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**ENV, "LOAD_PLAN": str(plan_file)}, stdout=subprocess.DEVNULL)
    me, gen_cpu = psutil.Process(proc.pid), 0.0
    while proc.poll() is None:
        try:
            t = me.cpu_times()
            gen_cpu = t.user + t.system
        except psutil.NoSuchProcess:
            break
        time.sleep(0.2)
    wall = time.perf_counter() - started
    server_cpu = server.cpu() - server_before
    machine_after = psutil.cpu_times()
    busy = sum(
        getattr(machine_after, f) - getattr(machine_before, f)
        for f in ("user", "nice", "system", "irq", "softirq", "steal")
    )
    span_file = Path(f"{plan_file}.span")
    span = json.loads(span_file.read_text()) if span_file.exists() else {}
    span_file.unlink(missing_ok=True)
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows[row["Name"]] = row
    return {
        "rows": rows,
        "wall": wall,
        "span": span.get("last", 0) - span.get("first", 0),
        "generator_cpu": gen_cpu,
        "server_cpu": server_cpu,
        "machine_cpu": busy,
        "cores": psutil.cpu_count(),
    }


def _num(row: dict[str, str], key: str) -> float:
    value = row.get(key, "0")
    return float(value) if value not in ("", "N/A") else 0.0


def verify(meeting_pk: int) -> dict[str, int]:
    """What the database holds for the check-in meeting: every count must equal the members invited."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from lvzhi.core.models import CheckIn
    from lvzhi.duty.models import DutyRecord
    from lvzhi.meetings.choices import AttendanceStatus
    from lvzhi.meetings.models import Invitee, Meeting

    checkins = CheckIn.objects.filter(kind="committee-meeting", object_id=meeting_pk)
    records = DutyRecord.objects.filter(
        source_type=ContentType.objects.get_for_model(Meeting), source_id=meeting_pk, kind="meetings.attended"
    )
    return {
        "invited": Invitee.objects.filter(meeting_id=meeting_pk).count(),
        "checkins": checkins.count(),
        "checkin_people": checkins.values("person").distinct().count(),
        "checkin_doubled": checkins.values("person").annotate(n=Count("pk")).filter(n__gt=1).count(),
        "present": Invitee.objects.filter(meeting_id=meeting_pk, attendance=AttendanceStatus.PRESENT).count(),
        "records": records.count(),
        "record_people": records.values("person").distinct().count(),
        "records_all_kinds": DutyRecord.objects.filter(
            source_type=ContentType.objects.get_for_model(Meeting), source_id=meeting_pk
        ).count(),
    }


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn and drop the database
    demo_s = database()
    django_setup()
    from django.db import connections

    plan = seed()
    connections.close_all()
    plan_file = HOME / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    results: dict[str, Any] = {"mix": []}
    try:
        with Gunicorn() as server:
            locust(server, plan_file, "MemberMix", MIX_USERS, 15, "warmup")
            for i in range(RUNS):
                results["mix"].append(locust(server, plan_file, "MemberMix", MIX_USERS, SECONDS, f"mix{i}"))
            results["checkin"] = locust(server, plan_file, "CheckInMember", CHECKIN_USERS, 180, "checkin")
            results["login"] = locust(server, plan_file, "Login", LOGIN_USERS, 180, "login")
    finally:
        results["verify"] = verify(plan["meeting"])
        connections.close_all()
        if not KEEP:
            psql(f"DROP DATABASE IF EXISTS {DB}")
    write(plan, results, demo_s)


def _fmt_cpu(r: dict[str, Any]) -> str:
    cap = r["wall"] * r["cores"]
    return (
        f"locust {r['generator_cpu']:.1f} s ({100 * r['generator_cpu'] / cap:.0f}% of {r['cores']} cores), "
        f"gunicorn {r['server_cpu']:.1f} s ({100 * r['server_cpu'] / cap:.0f}%), "
        f"whole machine {r['machine_cpu']:.1f} s ({100 * r['machine_cpu'] / cap:.0f}%)"
    )


def write(plan: dict[str, Any], results: dict[str, Any], demo_s: float) -> None:
    mix = results["mix"]
    agg = [r["rows"]["Aggregated"] for r in mix]
    rps = statistics.median(_num(a, "Requests/s") for a in agg)
    p50 = statistics.median(_num(a, "50%") for a in agg)
    p95 = statistics.median(_num(a, "95%") for a in agg)
    p99 = statistics.median(_num(a, "99%") for a in agg)
    fails = sum(int(_num(a, "Failure Count")) for a in agg)
    reqs = sum(int(_num(a, "Request Count")) for a in agg)
    ok = lambda met: "**met**" if met else "**missed**"  # noqa: E731
    ch, lg, v = results["checkin"], results["login"], results["verify"]
    ch_rows = ch["rows"]
    posts = ch_rows.get("check-in POST", {})
    ch_wall = ch["span"]  # from the first check-in request's start to the last one's end
    n = MEMBERS
    done = int(_num(posts, "Request Count") - _num(posts, "Failure Count"))  # successful check-ins
    exact = (
        v["checkins"] == done
        and v["checkin_people"] == done
        and v["checkin_doubled"] == 0
        and v["present"] == done
        and v["records"] == done
        and v["record_people"] == done
    )
    cpu = os.popen("grep -m1 'model name' /proc/cpuinfo").read().split(":")[-1].strip()
    load = os.getloadavg()
    lines = [
        START,
        "## Load on loopback (gunicorn, PostgreSQL, locust)",
        "",
        f"Produced by `make bench-load` (`.venv/bin/python benchmarks/load.py`) on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{platform.python_version()}, {psutil.cpu_count()} cores ({cpu}), "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, load average before the write {load[0]:.1f}. "
        f"gunicorn {WORKERS} sync workers with the production settings (plain HTTP on 127.0.0.1), PostgreSQL "
        f"(`{DB}`), locust (FastHttpUser, one process) on the same 2 cores. Data: the demo committee "
        f"({'reused' if not demo_s else f'seeded in {demo_s:.0f} s'}) and {n} more members with accounts "
        f"(seeded in {plan['seed_s']:.1f} s); every account's session made through Django's session engine "
        f"({len(plan['mix_sessions']) + len(plan['checkin_sessions'])} sessions in {plan['sessions_s']:.1f} s), "
        "so no login happens in the timed parts.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| member-facing mix ≥ {TARGET_RPS:.0f} requests/s | median {rps:.0f} requests/s over {RUNS} runs of {SECONDS} s, {MIX_USERS} users | {ok(rps >= TARGET_RPS)} |",
        f"| its p99 ≤ {TARGET_P99:.0f} ms | p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms (medians of the runs); {fails} failed of {reqs} | {ok(p99 <= TARGET_P99 and fails == 0)} |",
        f"| {n} members check in within {TARGET_CHECKIN_S:.0f} s | {ch_wall:.1f} s for {int(_num(posts, 'Request Count'))} check-ins ({CHECKIN_USERS} at once), {int(_num(posts, 'Failure Count'))} failed | {ok(ch_wall <= TARGET_CHECKIN_S and _num(posts, 'Failure Count') == 0)} |",
        f"| none lost or doubled | CheckIn rows {v['checkins']} ({v['checkin_people']} people, {v['checkin_doubled']} doubled), present invitees {v['present']}, attendance DutyRecords {v['records']} ({v['record_people']} people) for {done} successful check-ins of {v['invited']} invited | {ok(exact and done == n)} |",
        "",
        "Per page, member-facing mix (last run):",
        "",
        "| page | requests | requests/s | p50 ms | p95 ms | p99 ms | failures |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in mix[-1]["rows"].items():
        lines.append(
            f"| {name} | {row['Request Count']} | {_num(row, 'Requests/s'):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | {row['Failure Count']} |"
        )
    lines += [
        "",
        "Check-in and logins:",
        "",
        "| request | requests | requests/s | p50 ms | p95 ms | p99 ms | failures |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in (ch, lg):
        for name, row in r["rows"].items():
            if name == "Aggregated":
                continue
            lines.append(
                f"| {name} | {row['Request Count']} | {_num(row, 'Requests/s'):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | {row['Failure Count']} |"
            )
    login_posts = lg["rows"].get("login POST", {})
    lines += [
        "",
        f"Logins through the form (argon2, measured apart): {int(_num(login_posts, 'Request Count'))} in "
        f"{lg['span']:.1f} s with {LOGIN_USERS} at once, p50 {login_posts.get('50%', '?')} ms; "
        f"server CPU {lg['server_cpu'] / max(_num(login_posts, 'Request Count'), 1):.2f} s per login (page and POST).",
        "",
        "CPU taken by each side (user + system seconds, from psutil; the machine's figure includes other work on it):",
        "",
    ]
    for i, r in enumerate(mix):
        lines.append(f"- mix run {i + 1} ({r['wall']:.0f} s): {_fmt_cpu(r)}")
    lines.append(f"- check-in ({ch['wall']:.0f} s): {_fmt_cpu(ch)}")
    lines.append(f"- logins ({lg['wall']:.0f} s): {_fmt_cpu(lg)}")
    notes = ROOT / "benchmarks" / "load_notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    lines += [
        "",
        f"Reproduce: `make bench-load` (LOAD_RUNS={RUNS} LOAD_SECONDS={SECONDS} LOAD_MIX_USERS={MIX_USERS} "
        f"LOAD_CHECKIN_USERS={CHECKIN_USERS} LOAD_WORKERS={WORKERS} LOAD_MEMBERS={n}).",
        END,
    ]
    section = "\n".join(lines) + "\n"
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.S)
    text = (
        pattern.sub(lambda _m: section, text)
        if pattern.search(text)
        else text.rstrip("\n") + "\n\n" + section
    )
    path.write_text(text, encoding="utf-8")
    print(section)


if __name__ == "__main__":
    main()
