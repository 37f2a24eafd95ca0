"""Similar earlier records of the committee for a draft: proposals (submitted, not drafts) and the
suggestions of its consultations, found through the core search index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse

from lvzhi.core import search
from lvzhi.proposals.choices import Status

KINDS = ("proposal", "suggestion")
KIND_LABELS = {"proposal": "提案", "suggestion": "意见建议"}


@dataclass(frozen=True)
class SimilarRecord:
    kind: str
    kind_label: str
    object_id: int
    title: str
    date: date | None
    percent: int
    url: str
    status: str = ""


def similar_records(
    committee: Any, text: str, *, exclude: int | None = None, limit: int = 8
) -> list[SimilarRecord]:
    if len(text.strip()) < 4:
        return []
    hits = search.similar(
        committee, text, kinds=KINDS, exclude=[("proposal", exclude)] if exclude else None, limit=limit
    )
    out = []
    for h in hits:
        url = ""
        if h.kind == "proposal":
            url = reverse("proposals:detail", kwargs={"committee": committee.code, "pk": h.object_id})
        elif h.kind == "suggestion":
            url = reverse("consult:suggestion", kwargs={"committee": committee.code, "pk": h.object_id})
        out.append(
            SimilarRecord(
                kind=h.kind,
                kind_label=KIND_LABELS.get(h.kind, h.kind),
                object_id=h.object_id,
                title=h.title,
                date=h.date,
                percent=round(h.score * 100),
                url=url,
            )
        )
    return out


def index_proposal(proposal: Any) -> None:
    """Keep the search index in step: a submitted proposal is findable, a draft is not."""
    if proposal.status == Status.DRAFT:
        search.unindex("proposal", proposal.pk)
        return
    search.index(
        committee=proposal.committee,
        kind="proposal",
        object_id=proposal.pk,
        title=str(proposal),
        text=f"{proposal.title}\n{proposal.reasons}\n{proposal.measures}",
        date=proposal.submitted_on,
    )
