"""Synthetic data at scale (`lvzhi synth`): a province of committees with their rosters and every app's
records, deterministic for a seed, written in bulk.

What is made, per committee and year (``--members`` 300): the committee's tree place, its term, the
national sectors and five special committees (through the services, so the defaults every committee gets
are installed as usual); then, written directly: persons (valid 18-digit ID numbers, encrypted and hashed
exactly as ``Person.id_number`` stores them) and their term memberships; a functional party branch per
special committee with its CPC members, and each branch's 支委会, 党小组会, 主题党日, 党员大会 and 党课
with their attendance; the plenary, standing and special-committee meetings with invitees and leave; study
sessions with attendance, a training, a reading campaign with reading logs; consultations with their
participants and the suggestions they gave; a session of proposals with co-signers; 社情民意 pieces;
key projects with leaders' site visits; sector service activities; a rectification ledger. Every
DutyRecord those rows imply is written too, the same records ``duty_record_sync`` derives from them, and
proposals, suggestions and opinions go into the search index through ``index_many``.

Rows are written with ``executemany`` on SQLite and ``COPY`` on PostgreSQL, with ids given here (the
sequences are moved past them at the end). History tables are skipped on purpose: synthetic rows have no
past. Randomness comes from one ``random.Random`` per committee seeded by ``(seed, index)``, so the same
arguments give the same data (ciphertexts and check-in tokens aside, which are random by design).
"""

from __future__ import annotations

import json
import random
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as Time
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from lvzhi.core import crypto
from lvzhi.core.chinese import name_sort_keys
from lvzhi.core.idnumber import synthetic_id_number

# --------------------------------------------------------------------------------------------------------
# The bulk writer


class BulkWriter:
    """Writes rows of a model's table in bulk, filling the columns a caller leaves out with the fields'
    defaults as the ORM would (``get_default``, ``auto_now``), and hands out primary keys."""

    CHUNK = 20_000

    def __init__(self, now: datetime) -> None:
        self.vendor = connection.vendor
        self.now = now
        self.rows = 0
        self.seconds = 0.0
        self.by_table: dict[str, int] = {}
        self._next: dict[str, int] = {}

    def new_id(self, model: type[models.Model]) -> int:
        table = model._meta.db_table
        if table not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")
                self._next[table] = (cursor.fetchone()[0] or 0) + 1
        pk = self._next[table]
        self._next[table] = pk + 1
        return pk

    def _columns(
        self, model: type[models.Model], names: Sequence[str]
    ) -> tuple[list[str], list[Callable[[Any], Any] | None], tuple[Any, ...]]:
        given = [model._meta.get_field(n) for n in names]
        rest: list[Any] = []
        defaults: list[Any] = []
        for f in model._meta.concrete_fields:
            if f in given:
                continue
            if f.has_default():
                value = f.get_default()
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = self.now
            elif f.null:
                value = None
            elif f.blank and isinstance(f, (models.CharField, models.TextField)):
                value = ""
            else:
                raise ValueError(f"{model._meta.label}.{f.name}: no value and no default")
            rest.append(f)
            defaults.append(f.get_db_prep_save(value, connection))
        converters = [self._converter(f) for f in given]
        return [f.column for f in (*given, *rest)], converters, tuple(defaults)

    def _converter(self, f: Any) -> Callable[[Any], Any] | None:
        if isinstance(f, models.JSONField):
            last: list[Any] = [None, None]

            def dump(value: Any) -> Any:  # the same dict for every record of a source: dump it once
                if value is not last[0]:
                    last[0], last[1] = value, json.dumps(value)
                return last[1]

            return dump
        if isinstance(f, models.DateTimeField):
            return lambda v: None if v is None else f.get_db_prep_save(v, connection)
        if isinstance(f, models.DecimalField) and self.vendor == "sqlite":
            return lambda v: None if v is None else str(v)
        if isinstance(f, models.DateField) and self.vendor == "sqlite":
            return lambda v: None if v is None else v.isoformat()
        return None

    def write(self, model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        columns, converters, defaults = self._columns(model, names)
        table = model._meta.db_table
        conv = [(i, c) for i, c in enumerate(converters) if c is not None]

        def prepared() -> Iterable[tuple[Any, ...]]:
            for row in rows:
                if conv:
                    row = list(row)
                    for i, c in conv:
                        row[i] = c(row[i])
                yield (*row, *defaults)

        start = time.perf_counter()
        n = (
            self._copy(table, columns, prepared())
            if self.vendor == "postgresql"
            else self._many(table, columns, prepared())
        )
        self.seconds += time.perf_counter() - start
        self.rows += n
        self.by_table[table] = self.by_table.get(table, 0) + n
        return n

    def _many(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
        q = connection.ops.quote_name
        sql = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
        raw = connection.connection.cursor()
        n = 0
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.CHUNK:
                raw.executemany(sql, chunk)
                n += len(chunk)
                chunk = []
        if chunk:
            raw.executemany(sql, chunk)
            n += len(chunk)
        return n

    def _copy(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
        q = connection.ops.quote_name
        n = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {q(table)} ({', '.join(q(c) for c in columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
        return n

    def finish(self) -> None:
        """Move PostgreSQL's sequences past the ids given here; SQLite needs nothing."""
        if self.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in self._next:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))", [table]
                )


# --------------------------------------------------------------------------------------------------------
# Words

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "建国华明军平志强伟芳秀英敏静丽红玉兰海波新宇晓辉文斌春梅雪峰永刚学勇凤霞子涵浩然欣怡佳琪思远嘉"
CITIES = ["西安", "宝鸡", "咸阳", "铜川", "渭南", "延安", "榆林", "汉中", "安康", "商洛", "杨凌"]
COUNTY_SUFFIX = ["区", "县", "县", "区", "县"]
SPECIAL_COMMITTEES = ["经济委员会", "文史和学习委员会", "社会和法制委员会", "科教卫体委员会", "提案委员会"]
TOPICS = [
    ("城区集中供暖", ["供暖管网老化", "室温不达标", "热计量收费", "换热站改造"]),
    ("普惠性幼儿园", ["学位不足", "入园难入园贵", "配套园移交", "保教质量"]),
    ("农村生活污水", ["污水直排河道", "处理设施闲置", "第三方运维", "管网覆盖"]),
    ("电动自行车充电", ["飞线充电", "楼道停放", "火灾隐患", "智能充电桩"]),
    ("中小学课后服务", ["服务内容单一", "教师负担", "社会资源引入", "经费保障"]),
    ("医院周边停车", ["停车位不足", "道路拥堵", "错时共享", "立体停车库"]),
    ("老旧小区改造", ["加装电梯", "雨污分流", "外墙保温", "物业管理"]),
    ("养老服务", ["居家养老", "日间照料中心", "助餐服务", "医养结合"]),
    ("营商环境", ["审批时限", "政务服务", "融资难", "惠企政策"]),
    ("文化遗产保护", ["非遗传承", "传统村落", "文物修缮", "文旅融合"]),
]
BOOKS = [
    "习近平谈治国理政",
    "中国共产党简史",
    "人民政协理论研究",
    "乡土中国",
    "平凡的世界",
    "红岩",
    "毛泽东选集",
]
WORKPLACES = ["市人民医院", "县第一中学", "农业农村局", "工商联", "律师事务所", "科技有限公司", "农村信用社"]
LEAVE_REASONS = ["出差", "病假", "单位工作冲突", "外出学习"]


def _name(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2))))


def _topic(rnd: random.Random) -> tuple[str, str]:
    topic, issues = rnd.choice(TOPICS)
    issue = rnd.choice(issues)
    return (
        f"关于{topic}{issue}问题的建议",
        f"{topic}方面{issue}问题较为突出，群众反映强烈，建议统筹资金分步实施。",
    )


def _day(rnd: random.Random, year: int, month: int) -> date:
    return date(year, month, rnd.randint(1, 28))


# --------------------------------------------------------------------------------------------------------
# The generator


@dataclass
class SynthResult:
    committees: list[Any]
    rows: int
    seconds: float
    write_seconds: float
    cpu_seconds: float
    by_table: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.rows / self.write_seconds if self.write_seconds else 0.0


@dataclass
class _Member:
    person_id: int
    membership_id: int
    cpc: bool
    position: str
    sc: int  # index of the special committee
    sector_id: int


class Synth:
    """One run: ``run()`` makes ``committees`` committees (a province, its cities, their counties) of
    ``members`` members with ``years`` years of records up to ``end``."""

    def __init__(
        self, *, committees: int, members: int, years: int, seed: int = 1, end: date | None = None,
        code: str = "synth", search: bool = True, progress: Callable[[str], None] | None = None,
    ) -> None:  # fmt: skip
        if committees < 1 or members < 10 or years < 1:
            raise ValueError("at least one committee, ten members and one year")
        self.n_committees, self.members, self.years, self.seed = committees, members, years, seed
        self.end = end or timezone.localdate()
        self.first_year = self.end.year - years + 1
        self.code = code
        self.search = search
        self.progress = progress or (lambda _text: None)
        self.tz = timezone.get_current_timezone()
        self.w = BulkWriter(timezone.make_aware(datetime.combine(self.end, Time(18, 0)), self.tz))
        self.search_rows: list[dict[str, Any]] = []

    # -- the tree, through the services -------------------------------------------------------------------

    def _tree(self) -> list[tuple[str, str, str, int | None]]:
        """(code, name, level, index of the parent) for every committee, the province first."""
        from lvzhi.org.choices import Level

        n = self.n_committees
        cities = 0 if n < 3 else max(1, min(len(CITIES) * 3, (n - 1) // 26 + 1))
        out: list[tuple[str, str, str, int | None]] = [
            (self.code, "陕西省政协（合成）", Level.PROVINCE, None)
        ]
        for i in range(min(cities, n - 1)):
            city = CITIES[i % len(CITIES)] + ("" if i < len(CITIES) else str(i // len(CITIES) + 1))
            out.append((f"{self.code}-c{i + 1}", f"{city}市政协（合成）", Level.CITY, 0))
        county = 0
        while len(out) < n:
            parent = 1 + county % cities if cities else 0
            suffix = COUNTY_SUFFIX[county % len(COUNTY_SUFFIX)]
            name = f"{out[parent][1].removesuffix('市政协（合成）').removesuffix('省政协（合成）')}第{county + 1}{suffix}"
            out.append((f"{self.code}-k{county + 1}", f"{name}政协（合成）", Level.COUNTY, parent))
            county += 1
        return out

    def run(self) -> SynthResult:
        from lvzhi.org.models import Committee

        started, cpu = time.perf_counter(), time.process_time()
        if Committee.objects.filter(code=self.code).exists():
            raise ValueError(f"committee code {self.code!r} exists already")
        made: list[Any] = []
        with transaction.atomic():
            if (
                connection.vendor == "sqlite"
            ):  # room for the indexes' pages while they grow (this connection only)
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA cache_size = -262144")
            for index, (code, name, level, parent) in enumerate(self._tree()):
                committee = self._committee(
                    index, code, name, level, made[parent] if parent is not None else None
                )
                made.append(committee)
                if (index + 1) % 10 == 0 or index + 1 == self.n_committees:
                    self.progress(f"{index + 1}/{self.n_committees} committees, {self.w.rows:,} rows")
            self._flush_search()
            self.w.finish()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return SynthResult(
            made,
            self.w.rows,
            time.perf_counter() - started,
            self.w.seconds,
            time.process_time() - cpu,
            self.w.by_table,
        )

    def _committee(self, index: int, code: str, name: str, level: str, parent: Any) -> Any:
        from lvzhi.org.models import Sector, SpecialCommittee
        from lvzhi.org.services import committee_create, term_create

        rnd = random.Random(f"{self.seed}:{index}")
        committee = committee_create(code=code, name=name, level=level, parent=parent)
        term = term_create(committee=committee, number=15, start=date(self.first_year, 1, 10))
        scs = [
            SpecialCommittee.objects.create(committee=committee, name=n, order=i)
            for i, n in enumerate(SPECIAL_COMMITTEES)
        ]
        c = _Context(self, committee, term, [s.pk for s in scs], rnd, index)
        c.sectors = [
            (pk, short or name)
            for pk, name, short in Sector.objects.filter(committee=committee).values_list(
                "pk", "name", "short_name"
            )
        ]
        c.roster()
        c.party()
        c.meetings()
        c.study()
        c.consult()
        c.proposals()
        c.opinions()
        c.liaison()
        c.service()
        c.ledger()
        c.flush_records()
        if len(self.search_rows) > 20_000:
            self._flush_search()
        return committee

    def _flush_search(self) -> None:
        if self.search and self.search_rows:
            from lvzhi.core.search import index_many

            start = time.perf_counter()
            index_many(self.search_rows)
            self.w.seconds += time.perf_counter() - start
            self.w.rows += len(self.search_rows)
        self.search_rows = []


class _Context:
    """The generation of one committee."""

    def __init__(
        self, synth: Synth, committee: Any, term: Any, scs: list[int], rnd: random.Random, index: int
    ):
        from django.contrib.contenttypes.models import ContentType

        self.s, self.w, self.committee, self.cid, self.term = synth, synth.w, committee, committee.pk, term
        self.scs, self.rnd, self.index = scs, rnd, index
        self.sectors: list[tuple[int, str]] = []
        self.members: list[_Member] = []
        self.records: list[tuple[Any, ...]] = []
        self._ct = ContentType.objects.get_for_model
        self._cts: dict[type[models.Model], int] = {}
        self.years = list(range(synth.first_year, synth.end.year + 1))

    def ct(self, model: type[models.Model]) -> int:
        pk = self._cts.get(model)
        if pk is None:
            pk = self._cts[model] = self._ct(model).pk
        return pk

    def months(self, year: int) -> list[int]:
        return [m for m in range(1, 13) if date(year, m, 28) <= self.s.end]

    def dt(self, day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, Time(hour, 0)), self.s.tz)

    def record(self, source: type[models.Model], source_id: int, person_id: int, kind: str, day: date,
               detail: dict[str, Any], state: str = "counted") -> None:  # fmt: skip
        from lvzhi.duty.models import DutyRecord

        self.records.append(
            (
                self.w.new_id(DutyRecord),
                self.cid,
                person_id,
                kind,
                self.ct(source),
                source_id,
                day,
                state,
                detail,
            )
        )

    def flush_records(self) -> None:
        from lvzhi.duty.models import DutyRecord

        names = ("id", "committee", "person", "kind", "source_type", "source_id", "date", "state", "detail")
        self.w.write(DutyRecord, names, self.records)
        self.records = []

    # -- org ------------------------------------------------------------------------------------------------

    def roster(self) -> None:
        from lvzhi.org.choices import Position
        from lvzhi.org.models import Person, TermMembership

        rnd, n = self.rnd, self.s.members
        region = f"61{self.index // 100 % 100:02d}{self.index % 100:02d}"
        persons, memberships, seen = [], [], set()
        standing = max(3, n * 3 // 20)
        for i in range(n):
            male = rnd.random() < 0.62
            while True:
                birth = date(1955, 1, 1) + timedelta(days=rnd.randrange(365 * 38))
                seq = rnd.randrange(500) * 2 + (1 if male else 0)
                if (birth, seq) not in seen:
                    seen.add((birth, seq))
                    break
            id_number = synthetic_id_number(region=region, birth=birth, sequence=seq)
            name = _name(rnd)
            stroke, pinyin = _sort_keys(name)
            cpc = rnd.random() < 0.4
            pid = self.w.new_id(Person)
            persons.append((
                pid, self.cid, name, "1" if male else "2", "01" if rnd.random() < 0.9 else "03",
                birth.replace(day=1), "01" if cpc else rnd.choice(("13", "13", "04", "05", "06")),
                f"1{rnd.choice('3578')}{rnd.randrange(10**9):09d}", crypto.encrypt(id_number),
                crypto.lookup_digest(id_number), stroke, pinyin,
            ))  # fmt: skip
            position = (
                Position.CHAIR if i == 0 else Position.VICE_CHAIR if i < 4 else
                Position.SECRETARY_GENERAL if i == 4 else Position.STANDING if i < standing else Position.MEMBER
            )  # fmt: skip
            sc = i % len(self.scs)
            sector_id = self.sectors[rnd.randrange(len(self.sectors))][0]
            mid = self.w.new_id(TermMembership)
            memberships.append((
                mid, self.cid, self.term.pk, pid, sector_id, self.scs[sc], position,
                rnd.choice(WORKPLACES) + rnd.choice(("主任", "院长", "副局长", "经理", "教师", "律师")), self.term.start,
            ))  # fmt: skip
            self.members.append(_Member(pid, mid, cpc, position, sc, sector_id))
        self.w.write(
            Person,
            ("id", "committee", "name", "gender", "ethnicity", "birth_month", "political", "mobile",
             "id_number_encrypted", "id_number_digest", "stroke_key", "pinyin_key"),
            persons,
        )  # fmt: skip
        self.w.write(
            TermMembership,
            ("id", "committee", "term", "person", "sector", "special_committee", "position", "workplace", "start"),
            memberships,
        )  # fmt: skip

    def standing(self) -> list[_Member]:
        return [m for m in self.members if m.position != "member"]

    def of_sc(self, sc: int) -> list[_Member]:
        return [m for m in self.members if m.sc == sc]

    # -- party ----------------------------------------------------------------------------------------------

    def party(self) -> None:
        from lvzhi.party.choices import AttendanceStatus, BranchKind, BranchRole, MeetingKind
        from lvzhi.party.duty import ABSENT, ATTENDED
        from lvzhi.party.models import Attendance, Meeting, PartyBranch, PartyMembership

        rnd = self.rnd
        branches, pms, meetings, attendance = [], [], [], []
        for sc_index, sc in enumerate(self.scs):
            cpc = [m for m in self.of_sc(sc_index) if m.cpc]
            if not cpc:
                continue
            bid = self.w.new_id(PartyBranch)
            bname = f"{SPECIAL_COMMITTEES[sc_index]}功能型党支部"
            branches.append(
                (bid, self.cid, bname, BranchKind.FUNCTIONAL, sc, cpc[0].person_id, self.term.start, sc_index)
            )
            for j, m in enumerate(cpc):
                role = (
                    BranchRole.SECRETARY
                    if j == 0
                    else BranchRole.COMMITTEE_MEMBER
                    if j < 3
                    else BranchRole.MEMBER
                )
                pms.append(
                    (self.w.new_id(PartyMembership), self.cid, bid, m.person_id, role, self.term.start)
                )
            plan = [(MeetingKind.COMMITTEE, 8), (MeetingKind.GROUP, 18), (MeetingKind.THEME_DAY, 12)]
            for year in self.years:
                for month in self.months(year):
                    kinds = [(k, d) for k, d in plan]
                    if month % 3 == 0:
                        kinds += [(MeetingKind.GENERAL, 22), (MeetingKind.LECTURE, 25)]
                    for kind, dom in kinds:
                        held = date(year, month, dom)
                        mid = self.w.new_id(Meeting)
                        label = str(MeetingKind(kind).label)
                        meetings.append((
                            mid, self.cid, bid, kind, held, f"{year}年{month}月{label}", cpc[0].person_id,
                            held + timedelta(days=rnd.randint(0, 3)), secrets.token_urlsafe(16),
                        ))  # fmt: skip
                        people = cpc[:3] if kind == MeetingKind.COMMITTEE else cpc
                        details: dict[Any, dict[str, Any]] = {}
                        for m in people:
                            r = rnd.random()
                            status = (
                                AttendanceStatus.PRESENT if r < 0.9 else
                                AttendanceStatus.EXCUSED if r < 0.97 else AttendanceStatus.ABSENT
                            )  # fmt: skip
                            reason = rnd.choice(LEAVE_REASONS) if status == AttendanceStatus.EXCUSED else ""
                            attendance.append(
                                (
                                    self.w.new_id(Attendance),
                                    self.cid,
                                    mid,
                                    m.person_id,
                                    status,
                                    reason,
                                    "list",
                                )
                            )
                            self.record(
                                Meeting, mid, m.person_id, ATTENDED if status == AttendanceStatus.PRESENT else ABSENT,
                                held, _shared(details, reason, {"meeting": label, "branch": bname, "reason": reason}),
                                "excused" if status == AttendanceStatus.EXCUSED else "counted",
                            )  # fmt: skip
        self.w.write(
            PartyBranch,
            ("id", "committee", "name", "kind", "special_committee", "secretary", "established_on", "order"),
            branches,
        )
        self.w.write(PartyMembership, ("id", "committee", "branch", "person", "role", "joined_on"), pms)
        self.w.write(
            Meeting,
            ("id", "committee", "branch", "kind", "held_on", "topic", "host", "entered_on", "checkin_token"),
            meetings,
        )
        self.w.write(
            Attendance, ("id", "committee", "meeting", "person", "status", "reason", "method"), attendance
        )

    # -- meetings ---------------------------------------------------------------------------------------------

    def meetings(self) -> None:
        from lvzhi.meetings.choices import (
            AttendanceStatus,
            InviteeRole,
            LeaveStatus,
            MeetingStatus,
            MeetingType,
        )
        from lvzhi.meetings.duty import ABSENT, ATTENDED
        from lvzhi.meetings.models import Invitee, LeaveRequest, Meeting

        rnd = self.rnd
        meetings, invitees, leaves = [], [], []

        def meeting(kind: str, title: str, day: date, people: list[_Member], sc: int | None) -> None:
            mid = self.w.new_id(Meeting)
            meetings.append((
                mid, self.cid, kind, title, sc, self.dt(day, 9), self.dt(day, 12), "政协机关会议室",
                MeetingStatus.HELD, self.dt(day - timedelta(days=7), 10),
            ))  # fmt: skip
            details: dict[Any, dict[str, Any]] = {}
            for m in people:
                present = rnd.random() < 0.88
                leave = not present and rnd.random() < 0.6
                invitees.append((
                    self.w.new_id(Invitee), self.cid, mid, m.person_id, InviteeRole.MEMBER,
                    AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT, "list",
                ))  # fmt: skip
                if leave:
                    leaves.append((
                        self.w.new_id(LeaveRequest), self.cid, mid, m.person_id, rnd.choice(LEAVE_REASONS),
                        LeaveStatus.APPROVED, self.dt(day - timedelta(days=2), 9), self.dt(day - timedelta(days=1), 9),
                    ))  # fmt: skip
                self.record(
                    Meeting, mid, m.person_id, ATTENDED if present else ABSENT, day,
                    _shared(details, leave, {"meeting_type": kind, "title": title, "leave": leave}), "excused" if leave else "counted",
                )  # fmt: skip

        for year in self.years:
            months = self.months(year)
            if 3 in months:
                meeting(MeetingType.PLENARY, f"{year}年政协全体会议", date(year, 3, 5), self.members, None)
            for month in months:
                if month % 3 == 1:
                    meeting(
                        MeetingType.STANDING,
                        f"{year}年{month}月常委会议",
                        date(year, month, 15),
                        self.standing(),
                        None,
                    )
                if month % 3 == 2:
                    for i, sc in enumerate(self.scs):
                        title = f"{SPECIAL_COMMITTEES[i]}{year}年{month}月会议"
                        meeting(MeetingType.SPECIAL, title, date(year, month, 12 + i), self.of_sc(i), sc)
        self.w.write(
            Meeting,
            ("id", "committee", "type", "title", "special_committee", "starts_at", "ends_at", "place", "status",
             "notified_at"),
            meetings,
        )  # fmt: skip
        self.w.write(
            Invitee, ("id", "committee", "meeting", "person", "role", "attendance", "method"), invitees
        )
        self.w.write(
            LeaveRequest,
            ("id", "committee", "meeting", "person", "reason", "status", "requested_at", "decided_at"),
            leaves,
        )

    # -- study --------------------------------------------------------------------------------------------------

    def study(self) -> None:
        from lvzhi.study.choices import AttendanceStatus, Layer
        from lvzhi.study.duty import ABSENT, ATTENDED, LECTURE, READING, TRAINING
        from lvzhi.study.models import (
            ReadingCampaign,
            ReadingLog,
            SessionAttendance,
            StudySession,
            Training,
            TrainingParticipant,
        )

        rnd = self.rnd
        sessions, attendance, campaigns, logs, trainings, trainees = [], [], [], [], [], []

        def session(layer: str, day: date, topic: str, people: list[_Member], sc: int | None) -> None:
            sid = self.w.new_id(StudySession)
            speaker = (
                people[rnd.randrange(len(people))].person_id
                if sc is not None and rnd.random() < 0.3
                else None
            )
            sessions.append((sid, self.cid, layer, day, topic, sc, speaker, "政协机关学习室"))
            label = str(Layer(layer).label)
            details: dict[Any, dict[str, Any]] = {}
            for m in people:
                r = rnd.random()
                status = (
                    AttendanceStatus.PRESENT if r < 0.9 else
                    AttendanceStatus.EXCUSED if r < 0.97 else AttendanceStatus.ABSENT
                )  # fmt: skip
                reason = rnd.choice(LEAVE_REASONS) if status == AttendanceStatus.EXCUSED else ""
                attendance.append(
                    (self.w.new_id(SessionAttendance), self.cid, sid, m.person_id, status, reason)
                )
                self.record(
                    StudySession, sid, m.person_id, ATTENDED if status == AttendanceStatus.PRESENT else ABSENT, day,
                    _shared(details, reason, {"layer": label, "topic": topic, "reason": reason}),
                    "excused" if status == AttendanceStatus.EXCUSED else "counted",
                )  # fmt: skip
            if speaker:
                self.record(StudySession, sid, speaker, LECTURE, day, {"layer": label, "topic": topic})

        for year in self.years:
            months = self.months(year)
            for month in months:
                if month % 3 == 0:
                    session(Layer.STANDING, date(year, month, 20), f"{year}年第{month // 3}季度常委会专题学习",
                            self.standing(), None)  # fmt: skip
                for i, sc in enumerate(self.scs):
                    session(Layer.GROUP, date(year, month, 3 + i), f"{SPECIAL_COMMITTEES[i]}{month}月学习",
                            self.of_sc(i), sc)  # fmt: skip
            if not months:
                continue
            cid_ = self.w.new_id(ReadingCampaign)
            last = date(year, months[-1], 28)
            campaigns.append(
                (cid_, self.cid, f"{year}年委员读书活动", year, date(year, 1, 1), date(year, 12, 31))
            )
            for m in self.members:
                for _ in range(2):
                    started = _day(rnd, year, rnd.choice(months))
                    finished = started + timedelta(days=rnd.randint(5, 40))
                    finished_on = finished if finished <= last and rnd.random() < 0.8 else None
                    title = rnd.choice(BOOKS)
                    hours = Decimal(rnd.randint(2, 30)).quantize(Decimal("0.1"))
                    lid = self.w.new_id(ReadingLog)
                    logs.append(
                        (lid, self.cid, cid_, m.person_id, title, started, finished_on, hours, "收获很大。")
                    )
                    self.record(
                        ReadingLog, lid, m.person_id, READING, finished_on or started,
                        {"title": title, "hours": str(hours), "finished": finished_on is not None},
                    )  # fmt: skip
            tid = self.w.new_id(Training)
            start = date(year, months[len(months) // 2], 10)
            hours = Decimal(16).quantize(Decimal("0.1"))
            title = f"{year}年度委员履职能力培训班"
            trainings.append((tid, self.cid, title, "政协办公室", start, start + timedelta(days=2), hours))
            for m in rnd.sample(self.members, len(self.members) // 3):
                trainees.append((self.w.new_id(TrainingParticipant), self.cid, tid, m.person_id))
                self.record(
                    Training, tid, m.person_id, TRAINING, start, {"title": title, "hours": str(hours)}
                )
        self.w.write(
            StudySession,
            ("id", "committee", "layer", "held_on", "topic", "special_committee", "speaker", "venue"),
            sessions,
        )
        self.w.write(
            SessionAttendance, ("id", "committee", "session", "person", "status", "reason"), attendance
        )
        self.w.write(ReadingCampaign, ("id", "committee", "name", "year", "start_on", "end_on"), campaigns)
        self.w.write(
            ReadingLog,
            ("id", "committee", "campaign", "person", "title", "started_on", "finished_on", "hours", "notes"),
            logs,
        )
        self.w.write(
            Training, ("id", "committee", "title", "organizer", "start_on", "end_on", "hours"), trainings
        )
        self.w.write(TrainingParticipant, ("id", "committee", "training", "person"), trainees)

    # -- consult -----------------------------------------------------------------------------------------------

    def consult(self) -> None:
        from lvzhi.consult.choices import ADOPTED, SuggestionCategory, SuggestionStatus
        from lvzhi.consult.duty import PARTICIPATED, SUGGESTED
        from lvzhi.consult.models import Consultation, ConsultationForm, Suggestion

        rnd = self.rnd
        forms = list(ConsultationForm.objects.filter(committee_id=self.cid).values_list("pk", "name"))
        through_p = Consultation.participants.through
        through_s = Suggestion.proposers.through
        consultations, participants, suggestions, proposers = [], [], [], []
        statuses = list(SuggestionStatus.values)
        for year in self.years:
            months = self.months(year)
            for k in range(min(8, len(months))):
                day = date(year, months[k * len(months) // 8 if len(months) >= 8 else k], 16)
                form_id, form_name = forms[rnd.randrange(len(forms))]
                sc_index = rnd.randrange(len(self.scs))
                topic, _text = _topic(rnd)
                topic = topic.removeprefix("关于").removesuffix("的建议") + "协商"
                xid = self.w.new_id(Consultation)
                consultations.append((
                    xid, self.cid, form_id, topic, day, "政协机关", self.scs[sc_index],
                    rnd.randint(1, 6), rnd.randint(0, 20), rnd.randint(0, 4), "协商情况良好。",
                ))  # fmt: skip
                people = rnd.sample(self.of_sc(sc_index), min(25, len(self.of_sc(sc_index))))
                for m in people:
                    participants.append((self.w.new_id(through_p), xid, m.person_id))
                    self.record(
                        Consultation, xid, m.person_id, PARTICIPATED, day, {"form": form_name, "topic": topic}
                    )
                for _ in range(4):
                    title, text = _topic(rnd)
                    status = rnd.choice(statuses)
                    sid = self.w.new_id(Suggestion)
                    category = rnd.choice(SuggestionCategory.values)
                    suggestions.append((sid, self.cid, xid, title, text, category, day, status))
                    detail = {
                        "title": title, "status": status, "status_label": str(SuggestionStatus(status).label),
                        "adopted": status in ADOPTED,
                    }  # fmt: skip
                    for m in rnd.sample(people, min(len(people), rnd.choice((1, 1, 2, 3)))):
                        proposers.append((self.w.new_id(through_s), sid, m.person_id))
                        self.record(Suggestion, sid, m.person_id, SUGGESTED, day, detail)
                    self.s.search_rows.append({
                        "committee": self.committee, "kind": "suggestion", "object_id": sid, "title": title,
                        "text": f"{title}\n{text}", "date": day,
                    })  # fmt: skip
        self.w.write(
            Consultation,
            ("id", "committee", "form", "topic", "start_on", "venue", "special_committee", "officials_count",
             "public_count", "experts_count", "summary"),
            consultations,
        )  # fmt: skip
        self.w.write(through_p, ("id", "consultation", "person"), participants)
        self.w.write(
            Suggestion, ("id", "committee", "consultation", "title", "text", "category", "submitted_on", "status"),
            suggestions,
        )  # fmt: skip
        self.w.write(through_s, ("id", "suggestion", "person"), proposers)

    # -- proposals ----------------------------------------------------------------------------------------------

    def proposals(self) -> None:
        from lvzhi.proposals.choices import REGISTERED_STATES, Category, CosignStatus, ProposerKind, Status
        from lvzhi.proposals.duty import COSIGNED, SUBMITTED
        from lvzhi.proposals.models import Cosigner, Proposal, ProposalSession

        rnd = self.rnd
        sessions, proposals, cosigners = [], [], []
        states = [
            Status.REGISTERED,
            Status.ASSIGNED,
            Status.REPLIED,
            Status.CLOSED,
            Status.CLOSED,
            Status.NOT_REGISTERED,
        ]
        for n, year in enumerate(self.years, start=1):
            months = self.months(year)
            if not months or months[-1] < 2:
                continue
            pid_ = self.w.new_id(ProposalSession)
            opened = date(year, 2, 20)
            sessions.append((pid_, self.cid, self.term.pk, n, opened))
            for number in range(1, self.s.members // 3 + 1):
                kind = ProposerKind.JOINT if rnd.random() < 0.3 else ProposerKind.MEMBER
                lead = rnd.choice(self.members)
                title, text = _topic(rnd)
                status = rnd.choice(states)
                submitted = opened - timedelta(days=rnd.randint(1, 20))
                registered = status in REGISTERED_STATES
                xid = self.w.new_id(Proposal)
                proposals.append((
                    xid, self.cid, pid_, number if registered else None, kind, lead.person_id, title, text,
                    "建议统筹资金，分步实施。", rnd.choice(Category.values), status, submitted,
                    opened + timedelta(days=10) if registered else None,
                    opened + timedelta(days=120) if status == Status.CLOSED else None, 1 if registered else 0,
                ))  # fmt: skip
                detail = {
                    "title": title, "number": number if registered else None, "registered": registered,
                    "status": str(Status(status).label),
                }  # fmt: skip
                self.record(Proposal, xid, lead.person_id, SUBMITTED, submitted, detail)
                if kind == ProposerKind.JOINT:
                    others = [m for m in rnd.sample(self.members, 4) if m is not lead][: rnd.randint(1, 3)]
                    for m in others:
                        answered = submitted - timedelta(days=rnd.randint(0, 3))
                        cosigners.append((
                            self.w.new_id(Cosigner), self.cid, xid, m.person_id, CosignStatus.SIGNED,
                            self.dt(answered, 10),
                        ))  # fmt: skip
                        self.record(Proposal, xid, m.person_id, COSIGNED, answered, detail)
                shown = f"{_('第%(n)s号') % {'n': number}} {title}" if registered else title
                self.s.search_rows.append({
                    "committee": self.committee, "kind": "proposal", "object_id": xid, "title": shown,
                    "text": f"{title}\n{text}\n建议统筹资金，分步实施。",
                })  # fmt: skip
        self.w.write(ProposalSession, ("id", "committee", "term", "number", "opened_on"), sessions)
        self.w.write(
            Proposal,
            ("id", "committee", "session", "number", "kind", "lead", "title", "reasons", "measures", "category",
             "status", "submitted_on", "registered_on", "closed_on", "handling_round"),
            proposals,
        )  # fmt: skip
        self.w.write(Cosigner, ("id", "committee", "proposal", "person", "status", "answered_at"), cosigners)

    # -- 社情民意 -----------------------------------------------------------------------------------------------

    def opinions(self) -> None:
        from lvzhi.opinions.choices import SourceKind, Status
        from lvzhi.opinions.duty import ADOPTED, SUBMITTED
        from lvzhi.opinions.models import Opinion
        from lvzhi.proposals.choices import Category

        rnd = self.rnd
        through = Opinion.coauthors.through
        opinions, coauthors = [], []
        for year in self.years:
            for month in self.months(year):
                for _ in range(3):
                    lead = rnd.choice(self.members)
                    title, text = _topic(rnd)
                    title = title.removeprefix("关于").removesuffix("的建议")
                    submitted = _day(rnd, year, month)
                    adopted = submitted + timedelta(days=rnd.randint(3, 20)) if rnd.random() < 0.4 else None
                    if adopted and adopted > self.s.end:
                        adopted = None
                    status = Status.ADOPTED if adopted else rnd.choice((Status.SUBMITTED, Status.REJECTED))
                    joint = rnd.random() < 0.2
                    issue = f"第{rnd.randint(1, 60)}期" if adopted else ""
                    oid = self.w.new_id(Opinion)
                    opinions.append((
                        oid, self.cid, SourceKind.JOINT if joint else SourceKind.MEMBER, lead.person_id, title, text,
                        rnd.choice(Category.values), status, submitted, adopted, issue,
                    ))  # fmt: skip
                    authors = [lead.person_id]
                    if joint:
                        extra = next(m for m in rnd.sample(self.members, 2) if m is not lead)
                        coauthors.append((self.w.new_id(through), oid, extra.person_id))
                        authors.append(extra.person_id)
                    for n, person_id in enumerate(authors):
                        self.record(
                            Opinion, oid, person_id, SUBMITTED, submitted,
                            {"title": title, "first": n == 0, "adopted": adopted is not None},
                        )  # fmt: skip
                        if adopted:
                            self.record(
                                Opinion, oid, person_id, ADOPTED, adopted,
                                {"title": title, "issue": issue, "first": n == 0, "upper": False},
                            )  # fmt: skip
                    self.s.search_rows.append({
                        "committee": self.committee, "kind": "opinion", "object_id": oid, "title": title,
                        "text": f"{title}\n{text}", "date": submitted,
                    })  # fmt: skip
        self.w.write(
            Opinion,
            ("id", "committee", "kind", "lead", "title", "content", "category", "status", "submitted_on",
             "adopted_on", "issue"),
            opinions,
        )  # fmt: skip
        self.w.write(through, ("id", "opinion", "person"), coauthors)

    # -- liaison -----------------------------------------------------------------------------------------------

    def liaison(self) -> None:
        from lvzhi.liaison.duty import VISIT
        from lvzhi.liaison.models import KeyProject, LeaderAssignment, Programme, SiteVisit, VisitLeader

        rnd = self.rnd
        leaders = self.standing()[:5]
        programmes, projects, assignments, visits, visit_leaders = [], [], [], [], []
        for year in self.years:
            months = self.months(year)
            if not months:
                continue
            gid = self.w.new_id(Programme)
            programmes.append((gid, self.cid, f"{year}年重点项目包抓", year))
            for k in range(5):
                name = f"{year}年{rnd.choice(TOPICS)[0]}重点项目{k + 1}号"
                kid = self.w.new_id(KeyProject)
                projects.append((kid, self.cid, gid, name, "县发展和改革局", "城区", date(year, 1, 15)))
                lead = leaders[k % len(leaders)]
                assignments.append(
                    (self.w.new_id(LeaderAssignment), self.cid, kid, lead.person_id, date(year, 1, 15))
                )
                for month in months[1::3]:
                    day = _day(rnd, year, month)
                    vid = self.w.new_id(SiteVisit)
                    purpose = "现场督导项目进度"
                    visits.append((vid, self.cid, kid, day, purpose, "进展顺利。"))
                    for m in {lead.person_id, rnd.choice(leaders).person_id}:
                        visit_leaders.append((self.w.new_id(VisitLeader), self.cid, vid, m))
                        self.record(SiteVisit, vid, m, VISIT, day, {"project": name, "purpose": purpose})
        self.w.write(Programme, ("id", "committee", "name", "year"), programmes)
        self.w.write(
            KeyProject,
            ("id", "committee", "programme", "name", "owner_unit", "place", "started_on"),
            projects,
        )
        self.w.write(LeaderAssignment, ("id", "committee", "project", "person", "started_on"), assignments)
        self.w.write(SiteVisit, ("id", "committee", "project", "visited_on", "purpose", "findings"), visits)
        self.w.write(VisitLeader, ("id", "committee", "visit", "person"), visit_leaders)

    # -- service -----------------------------------------------------------------------------------------------

    def service(self) -> None:
        from lvzhi.service.choices import ActivityKind
        from lvzhi.service.duty import ACTIVITY
        from lvzhi.service.models import ActivityParticipant, ServiceActivity

        rnd = self.rnd
        activities, participants = [], []
        by_sector: dict[int, list[_Member]] = {}
        for m in self.members:
            by_sector.setdefault(m.sector_id, []).append(m)
        names = dict(self.sectors)
        busy = sorted(by_sector, key=lambda s: -len(by_sector[s]))[:6]
        for year in self.years:
            for month in self.months(year)[::2]:
                sector_id = busy[rnd.randrange(len(busy))]
                kind = rnd.choice(ActivityKind.values)
                label = str(ActivityKind(kind).label)
                title = f"{names[sector_id]}{label}活动"
                day = _day(rnd, year, month)
                beneficiaries = rnd.randint(20, 400)
                aid = self.w.new_id(ServiceActivity)
                activities.append((aid, self.cid, title, sector_id, kind, day, "社区服务中心", beneficiaries))
                detail = {
                    "title": title,
                    "sector": names[sector_id],
                    "kind": label,
                    "beneficiaries": beneficiaries,
                }
                people = by_sector[sector_id]
                for m in rnd.sample(people, min(len(people), 15)):
                    participants.append((self.w.new_id(ActivityParticipant), self.cid, aid, m.person_id))
                    self.record(ServiceActivity, aid, m.person_id, ACTIVITY, day, detail)
        self.w.write(
            ServiceActivity, ("id", "committee", "title", "sector", "kind", "held_on", "place", "beneficiaries"),
            activities,
        )  # fmt: skip
        self.w.write(ActivityParticipant, ("id", "committee", "activity", "person"), participants)

    # -- rectification ledger -------------------------------------------------------------------------------------

    def ledger(self) -> None:
        from lvzhi.rectify.choices import ItemStatus, OwnerKind
        from lvzhi.rectify.models import Campaign, Category, LedgerItem

        rnd = self.rnd
        year = self.years[0]
        kid = self.w.new_id(Campaign)
        self.w.write(
            Campaign,
            ("id", "committee", "name", "started_on"),
            [(kid, self.cid, "作风建设专项行动", date(year, 3, 1))],
        )
        cats = [
            (self.w.new_id(Category), self.cid, kid, n, i)
            for i, n in enumerate(("学习", "纪律", "作风", "服务", "制度"))
        ]
        self.w.write(Category, ("id", "committee", "campaign", "name", "order"), cats)
        items = []
        span = max(1, (self.s.end - date(year, 3, 1)).days)
        for number in range(1, self.s.members // 3 + 1):
            registered = date(year, 3, 1) + timedelta(days=rnd.randrange(span))
            status = rnd.choice(ItemStatus.values)
            closed = registered + timedelta(days=30) if status == ItemStatus.CLOSED else None
            if closed and closed > self.s.end:
                closed = self.s.end
            items.append((
                self.w.new_id(LedgerItem), self.cid, kid, number, "自查自纠", cats[number % 5][0],
                f"问题{number}：{rnd.choice(TOPICS)[0]}工作落实不到位", OwnerKind.TEAM, registered, "政协办公室",
                "制定整改措施", registered + timedelta(days=60), status, closed,
            ))  # fmt: skip
        self.w.write(
            LedgerItem,
            ("id", "committee", "campaign", "number", "source", "category", "description", "owner_kind",
             "registered_on", "unit", "measures", "deadline", "status", "closed_on"),
            items,
        )  # fmt: skip


def _shared(cache: dict[Any, dict[str, Any]], key: Any, detail: dict[str, Any]) -> dict[str, Any]:
    """One detail dict for the records of a source that share it, so the writer dumps it once."""
    return cache.setdefault(key, detail)


_SORT_KEYS: dict[str, tuple[str, str]] = {}


def _sort_keys(name: str) -> tuple[str, str]:
    keys = _SORT_KEYS.get(name)
    if keys is None:
        keys = _SORT_KEYS[name] = name_sort_keys(name)
    return keys


def _(text: str) -> str:
    from django.utils.translation import gettext

    return gettext(text)
