"""Chinese full-text search and "similar earlier records", for every app.

Apps own their indexing: a service that saves a record calls ``index(committee=…, kind="proposal",
object_id=…, title=…, text=…, date=…)`` (an idempotent upsert), ``unindex(kind, object_id)`` when the
record goes, and ``index_many(rows)`` for imports and the demo. Reads are ``search(committee, query)``
(every query word must match, best first) and ``similar(committee, draft)`` (earlier records about the
same issue as a draft). Both return ``Hit``s of the caller's committee only; the caller still checks
``visible_to`` on the ids it shows.

How it works
------------
* Words: rjieba's ``cut_for_search`` (the same for documents and queries) after NFKC and lower-casing;
  punctuation, whitespace and a short list of stop words (``STOP_WORDS``) are dropped; a Chinese word
  longer than two characters also yields its two-character parts, so 供暖 finds 集中供暖. A query word
  longer than two Chinese characters matches either itself or all of its two-character parts.
* Storage: one ``SearchEntry`` row per record, its words space-joined in ``tokens``. Tokens hold only
  letters and digits, so no user text ever reaches a full-text query's syntax.
* SQLite: an FTS5 table ``core_searchentry_fts`` (``unicode61`` tokenizer, which keeps each
  space-separated token whole; the trigram tokenizer cannot find two-character words) whose rowid is
  the entry's id, kept in step by triggers on ``core_searchentry``, so any delete (a committee's rows
  included) clears it. Ranking: ``bm25``. Word rarity: the ``fts5vocab`` table.
* PostgreSQL: a generated column ``tsv = to_tsvector('simple', tokens)`` (the parser keeps each
  letters-and-digits token whole, checked on C.UTF-8) with a GIN index; queries are ``tsquery`` literals
  of exact lexemes. Ranking: ``ts_rank``. Word rarity: the planner's statistics of the column for
  common words (``index_many`` of many rows runs ``ANALYZE``), GIN-backed counts for the others.
* Both are created by migration ``core.0004_search``. A later migration that makes SQLite rebuild the
  table drops its triggers: such a migration must call ``search_rebuild()``, which re-creates what is
  missing and refills the index from the ``SearchEntry`` rows.
* ``similar``: the draft's most informative words (rare in the index, frequent in the draft; at most
  ``SIMILAR_TERMS``) are OR-queried for ``SIMILAR_CANDIDATES`` candidates, which are re-ranked in Python
  by a rarity-weighted cosine over word sets; those at or above ``SIMILAR_THRESHOLD`` are returned.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

import rjieba
from django.db import connection, transaction

from lvzhi.core.models import SearchEntry

# Function words and the boilerplate of every proposal; kept short on purpose: a stop word can never
# be searched for.
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "以及",
        "或",
        "在",
        "是",
        "为",
        "对",
        "将",
        "把",
        "被",
        "从",
        "等",
        "之",
        "其",
        "也",
        "而",
        "并",
        "就",
        "都",
        "这",
        "那",
        "有",
        "关于",
        "建议",
        "进一步",
        "加强",
        "推进",
    ]
)
SNIPPET_CHARS = 120
SIMILAR_TERMS = 30
SIMILAR_CANDIDATES = 50
SIMILAR_THRESHOLD = 0.12
ANALYZE_AFTER = 1000

_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    snippet: str
    date: Date | None
    score: float


# ---------------------------------------------------------------------------------------------- words


def _words(text: str) -> list[str]:
    """The words of ``text`` as cut for search, cleaned, stop words out, in order (repeats kept)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    out = []
    for cut in rjieba.cut_for_search(text):
        for word in _WORD.findall(cut):
            if word not in STOP_WORDS:
                out.append(word)
    return out


def _parts(word: str) -> list[str]:
    """The two-character parts of a Chinese word longer than two characters, else none."""
    if len(word) > 2 and _CJK.match(word):
        return [word[i : i + 2] for i in range(len(word) - 1)]
    return []


def tokens(text: str) -> list[str]:
    """The index tokens of ``text``: its words and the two-character parts of its long Chinese words."""
    out = []
    for word in _words(text):
        out.append(word)
        out.extend(_parts(word))
    return out


def _query_groups(text: str) -> list[tuple[str, list[str]]]:
    """Each distinct query word with its two-character parts (an alternative way to match it)."""
    seen: dict[str, list[str]] = {}
    for word in _words(text):
        seen.setdefault(word, _parts(word))
    return list(seen.items())


# --------------------------------------------------------------------------------------------- writes


def _snippet(text: str) -> str:
    flat = _SPACE.sub(" ", text or "").strip()
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


def _entry(row: Mapping[str, Any]) -> SearchEntry:
    title = str(row["title"] or "")
    text = str(row.get("text") or "")
    committee = row["committee"]
    return SearchEntry(
        committee_id=getattr(committee, "pk", committee),
        kind=str(row["kind"]),
        object_id=int(row["object_id"]),
        title=title[:300],
        snippet=_snippet(text),
        date=row.get("date"),
        tokens=" ".join(tokens(f"{title}\n{text}")),
    )


def index_many(rows: Iterable[Mapping[str, Any]], *, batch_size: int = 1000) -> int:
    """Index (insert or replace) many records at once; each row is a mapping with the keyword
    arguments of ``index``. A record given twice keeps its last row. Returns the number indexed."""
    entries: dict[tuple[str, int], SearchEntry] = {}
    for row in rows:
        entry = _entry(row)
        entries[(entry.kind, entry.object_id)] = entry
    with transaction.atomic():
        SearchEntry.objects.bulk_create(
            list(entries.values()),
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["committee", "title", "snippet", "date", "tokens"],
        )
        if connection.vendor == "postgresql" and len(entries) >= ANALYZE_AFTER:
            with connection.cursor() as cursor:  # fresh word statistics for similar()
                cursor.execute("SELECT gin_clean_pending_list('core_searchentry_tsv'::regclass)")
                cursor.execute("ANALYZE core_searchentry")
    return len(entries)


def index(*, committee: Any, kind: str, object_id: int, title: str, text: str, date: Date | None) -> None:
    """Index one record, replacing what was indexed for it before (idempotent)."""
    index_many([
        {"committee": committee, "kind": kind, "object_id": object_id, "title": title, "text": text, "date": date}
    ])  # fmt: skip


def unindex(kind: str, object_id: int) -> None:
    """Forget one record (nothing happens if it was never indexed)."""
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


# ----------------------------------------------------------------------------------- vendor specifics

_SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS core_searchentry_fts USING fts5("
    "tokens, tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS core_searchentry_fts_vocab USING fts5vocab(core_searchentry_fts, row)",
    "CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_ai AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_ad AFTER DELETE ON core_searchentry BEGIN "
    "DELETE FROM core_searchentry_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_au AFTER UPDATE ON core_searchentry BEGIN "
    "DELETE FROM core_searchentry_fts WHERE rowid = old.id; "
    "INSERT INTO core_searchentry_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
_POSTGRESQL_INSTALL = [
    "ALTER TABLE core_searchentry ADD COLUMN IF NOT EXISTS tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX IF NOT EXISTS core_searchentry_tsv ON core_searchentry USING gin (tsv)",
]


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"full-text search is not available on {vendor}")
    return vendor


def _quote(term: str, mark: str) -> str:
    return mark + term.replace(mark, mark + mark) + mark


def _match(groups: Sequence[tuple[str, Sequence[str]]], *, any_of: bool = False) -> str:
    """The vendor's query text: every group (or any, with ``any_of``) must match; a group matches its
    word or all of its parts. Terms are letters and digits only, and quoted all the same."""
    sqlite = _vendor() == "sqlite"
    mark, conj, disj = ('"', " AND ", " OR ") if sqlite else ("'", " & ", " | ")
    clauses = []
    for word, parts in groups:
        clause = _quote(word, mark)
        if parts:
            clause = f"({clause}{disj}({conj.join(_quote(p, mark) for p in parts)}))"
        clauses.append(clause)
    return (disj if any_of else conj).join(clauses)


def _candidates(
    committee_id: int, query: str, kinds: Sequence[str] | None, exclude: Sequence[tuple[str, int]], limit: int
) -> list[tuple[Any, ...]]:
    """(id, kind, object_id, title, snippet, date, tokens, score) of the best matches, best first."""
    if kinds is not None and not kinds:
        return []
    params: list[Any] = []
    if _vendor() == "sqlite":
        sql = (
            "SELECT e.id, e.kind, e.object_id, e.title, e.snippet, e.date, e.tokens, -bm25(core_searchentry_fts) "
            "FROM core_searchentry_fts JOIN core_searchentry e ON e.id = core_searchentry_fts.rowid "
            "WHERE core_searchentry_fts MATCH %s AND e.committee_id = %s"
        )
    else:
        sql = (
            "SELECT e.id, e.kind, e.object_id, e.title, e.snippet, e.date, e.tokens, ts_rank(e.tsv, q) "
            "FROM core_searchentry e, CAST(%s AS tsquery) q WHERE e.tsv @@ q AND e.committee_id = %s"
        )
    params += [query, committee_id]
    if kinds is not None:
        sql += f" AND e.kind IN ({', '.join(['%s'] * len(kinds))})"
        params += list(kinds)
    for kind, object_id in exclude:
        sql += " AND NOT (e.kind = %s AND e.object_id = %s)"
        params += [kind, object_id]
    sql += " ORDER BY 8 DESC, e.date DESC, e.id DESC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _document_frequencies(terms: Sequence[str]) -> tuple[dict[str, int], int]:
    """In how many indexed records (all committees) each term occurs, and how many records there are."""
    if not terms:
        return {}, 0
    with connection.cursor() as cursor:
        if _vendor() == "sqlite":
            cursor.execute(
                "SELECT term, doc FROM core_searchentry_fts_vocab "
                f"WHERE term IN ({', '.join(['%s'] * len(terms))})",
                list(terms),
            )
            df = {term: int(n) for term, n in cursor.fetchall()}
            cursor.execute("SELECT count(*) FROM core_searchentry")
            return df, int(cursor.fetchone()[0])
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'core_searchentry'::regclass")
        total = int(cursor.fetchone()[0])
        if total < 0:  # never analysed: count
            cursor.execute("SELECT count(*) FROM core_searchentry")
            total = int(cursor.fetchone()[0])
        # Common words from the planner's statistics (counting them through the index would visit
        # thousands of rows each); the rest, rare or absent, are counted through the GIN index.
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'core_searchentry' AND attname = 'tsv'"
        )
        stats = cursor.fetchone()
        df = {}
        if stats and stats[0]:
            common = dict(zip(stats[0], stats[1], strict=False))
            df = {t: max(1, round(common[t] * total)) for t in terms if t in common}
        rest = [t for t in terms if t not in df]
        if rest:
            counts = ", ".join(
                ["(SELECT count(*) FROM core_searchentry WHERE tsv @@ CAST(%s AS tsquery))"] * len(rest)
            )
            cursor.execute(f"SELECT {counts}", [_quote(t, "'") for t in rest])
            df.update(zip(rest, (int(n) for n in cursor.fetchone()), strict=True))
    return df, total


def search_rebuild(committee: Any = None) -> None:
    """Re-create the vendor's index if any part of it is missing and refill it from the ``SearchEntry``
    rows (of one committee, or all); rows of records no longer indexed are dropped."""
    vendor = _vendor()
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":  # a generated column cannot drift; the index can only be rebuilt
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = 'core_searchentry' AND column_name = 'tsv'), to_regclass('core_searchentry_tsv')"
            )
            has_column, has_index = cursor.fetchone()
            # DDL refuses to run while deferred foreign-key checks of this transaction are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if not has_column or not has_index:
                for sql in _POSTGRESQL_INSTALL:
                    cursor.execute(sql)
            else:
                cursor.execute("REINDEX INDEX core_searchentry_tsv")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        for sql in _SQLITE_INSTALL:
            cursor.execute(sql)
        if committee is None:
            cursor.execute("DELETE FROM core_searchentry_fts")
            cursor.execute(
                "INSERT INTO core_searchentry_fts(rowid, tokens) SELECT id, tokens FROM core_searchentry"
            )
            return
        committee_id = getattr(committee, "pk", committee)
        cursor.execute(
            "DELETE FROM core_searchentry_fts WHERE rowid NOT IN (SELECT id FROM core_searchentry) "
            "OR rowid IN (SELECT id FROM core_searchentry WHERE committee_id = %s)",
            [committee_id],
        )
        cursor.execute(
            "INSERT INTO core_searchentry_fts(rowid, tokens) "
            "SELECT id, tokens FROM core_searchentry WHERE committee_id = %s",
            [committee_id],
        )


# ---------------------------------------------------------------------------------------------- reads


def _hit(row: Sequence[Any], score: float) -> Hit:
    day = row[5]
    if isinstance(day, str):  # SQLite through a raw cursor
        day = Date.fromisoformat(day)
    return Hit(kind=row[1], object_id=int(row[2]), title=row[3], snippet=row[4], date=day, score=score)


def search(committee: Any, query: str, *, kinds: Sequence[str] | None = None, limit: int = 50) -> list[Hit]:
    """The committee's records that contain every word of ``query``, best first. Any text is accepted:
    full-text syntax in it (quotes, ``*``, ``AND``, ``NEAR`` …) is searched for as plain words."""
    groups = _query_groups(query)
    if not groups or limit <= 0:
        return []
    rows = _candidates(getattr(committee, "pk", committee), _match(groups), kinds, [], limit)
    return [_hit(row, float(row[7])) for row in rows]


def _weights(counts: Counter[str], df: Mapping[str, int], total: int) -> dict[str, float]:
    """A rarity weight per token (smoothed idf). A token the index does not know weighs as one found
    once: the reworded parts of a draft must not drown the words it shares with an earlier record."""
    return {t: 1 + math.log((total + 1) / (max(df.get(t, 0), 1) + 0.5)) for t in counts}


def similar(
    committee: Any,
    text: str,
    *,
    kinds: Sequence[str] | None = None,
    exclude: Iterable[tuple[str, int]] | None = None,
    limit: int = 8,
) -> list[Hit]:
    """Indexed records of the committee about the same issue as the draft ``text``, most similar first,
    each with its similarity (0–1) as the score. ``exclude`` lists (kind, object_id) pairs to leave out,
    such as the draft's own record."""
    draft = Counter(tokens(text))
    if not draft or limit <= 0:
        return []
    df, total = _document_frequencies(sorted(draft))
    weight = _weights(draft, df, total)
    # The most informative words that the index knows: rare in the index, repeated in the draft.
    known = [t for t in draft if df.get(t, 0) > 0]
    known.sort(key=lambda t: (-weight[t] * (1 + math.log(draft[t])), t))
    terms = known[:SIMILAR_TERMS]
    if not terms:
        return []
    rows = _candidates(
        getattr(committee, "pk", committee),
        _match([(t, []) for t in terms], any_of=True),
        kinds,
        list(exclude or []),
        SIMILAR_CANDIDATES,
    )
    # Words of a candidate that the draft lacks weigh as a typical indexed word of the draft.
    neutral = statistics.median(weight[t] for t in known)
    draft_norm = math.sqrt(sum(weight[t] ** 2 for t in draft))
    scored = []
    for row in rows:
        other = set(row[6].split())
        shared = sum(weight[t] ** 2 for t in other if t in draft)
        other_norm = math.sqrt(sum(weight.get(t, neutral) ** 2 for t in other))
        score = shared / (draft_norm * other_norm) if other_norm else 0.0
        if score >= SIMILAR_THRESHOLD:
            scored.append((score, row))
    scored.sort(key=lambda pair: (-pair[0], pair[1][0]))
    return [_hit(row, round(score, 4)) for score, row in scored[:limit]]
