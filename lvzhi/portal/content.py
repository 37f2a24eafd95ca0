"""What an article's text may hold: HTML sanitized with nh3 to an allow-list, and the checks that refuse
blocked words and keyword-stuffed spam (the kind injected into the source article's first line). Every
refusal carries its reason in Chinese so the editor sees what to change."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

import nh3
from django.utils.translation import gettext as _

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "blockquote", "ul", "ol", "li",
    "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(raw: str) -> str:
    """The body as it is stored and shown: allowed tags and attributes only; script and style elements go
    with their content, on* attributes, style and javascript: URLs are dropped, links get rel=nofollow."""
    return nh3.clean(
        raw or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment (tags out, entities decoded), one paragraph a line."""
    text = re.sub(r"(?i)<\s*(br|/p|/h\d|/li|/div|/tr|/blockquote)\b[^>]*>", "\n", fragment or "")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


_HIDDEN = re.compile(
    r"(?is)style\s*=\s*[\"'][^\"']*(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|"
    r"(left|top|text-indent)\s*:\s*-\d{3,})"
)
_EMPTY_LINK = re.compile(r"(?is)<a\b[^>]*href[^>]*>\s*(<img\b[^>]*>)?\s*</a>")
_SEPARATORS = re.compile(r"[,，、|｜/;；]+|\s{2,}")
_SENTENCE_END = re.compile(r"[。！？!?…]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_REPEATED_RUN = re.compile(r"([\u4e00-\u9fff]{2,8})\1+")
_TRIPLED_CHAR = re.compile(r"([\u4e00-\u9fffA-Za-z])\1\1")
_LATIN_TERM = re.compile(r"[A-Za-z]{2,}")


def hidden_content(raw_html: str) -> list[str]:
    """Links or text hidden from the reader (a classic way of planting SEO links); checked on the raw input,
    before sanitizing throws the evidence away."""
    reasons = []
    if _HIDDEN.search(raw_html or ""):
        reasons.append(_("正文含有隐藏的文字或链接（display:none 等样式），请删除。"))
    if _EMPTY_LINK.search(raw_html or ""):
        reasons.append(_("正文含有没有文字的链接，请删除或补上链接文字。"))
    return reasons


def _keyword_run(line: str) -> bool:
    """A line made of four or more phrases strung together by separators, with no sentence in it. Lists of
    names (2–3 characters each) are not phrases: the phrases must average five characters or more."""
    parts = [p.strip() for p in _SEPARATORS.split(line.strip()) if p.strip()]
    if len(parts) < 4 or _SENTENCE_END.search(line):
        return False
    return all(len(p) <= 16 for p in parts) and sum(map(len, parts)) / len(parts) >= 5


def _dense_term(line: str) -> str | None:
    """A 2–4 character term that fills a large share of a line (keyword stuffing)."""
    cjk = "".join(_CJK.findall(line))
    if len(cjk) < 20:
        return None
    for size in (4, 3, 2):
        counts = Counter(cjk[i : i + size] for i in range(len(cjk) - size + 1))
        term, n = counts.most_common(1)[0]
        if n >= 3 and n * size / len(cjk) >= 0.25:
            return term
    return None


def spam_reasons(text: str) -> list[str]:
    """Why a plain text reads like keyword-stuffed spam, one reason per finding (empty when it reads fine)."""
    reasons: list[str] = []
    for raw_line in (text or "").splitlines():
        line = raw_line.strip()
        if not line:
            continue
        excerpt = line[:30] + ("…" if len(line) > 30 else "")
        if _keyword_run(line):
            reasons.append(
                _("「%(line)s」是一串互不相关的关键词，不成句子，疑似垃圾广告。") % {"line": excerpt}
            )
            continue
        repeated = _REPEATED_RUN.search(line) or _TRIPLED_CHAR.search(line)
        if repeated:
            reasons.append(
                _("「%(line)s」中「%(term)s」连续重复，疑似关键词堆砌。")
                % {"line": excerpt, "term": repeated.group(0)}
            )
            continue
        term = _dense_term(line)
        if term:
            reasons.append(
                _("「%(line)s」中「%(term)s」出现过于密集，疑似关键词堆砌。")
                % {"line": excerpt, "term": term}
            )
    return reasons


def blocked_in(text: str, words: Iterable[str]) -> list[str]:
    """The blocked words the text contains (case-insensitive), in the list's order."""
    lowered = (text or "").lower()
    return [w for w in words if w and w.lower() in lowered]
