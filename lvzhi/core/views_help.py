"""The user guide as pages of lvzhi itself (an intranet reaches no other site)."""

from __future__ import annotations

import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lvzhi.core import help as guide

IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.png$")


def page(request: HttpRequest, doc: str) -> HttpResponse:
    """A page of the guide; open to everyone, as it holds no data (the login page links to it too)."""
    rendered = guide.render(doc)
    if rendered is None:
        raise Http404(_("没有这一页帮助。"))
    title, html = rendered
    crumbs = [(_("帮助"), None if doc == "index" else "/help/")] + ([] if doc == "index" else [(title, None)])
    return render(request, "core/help.html", {"title": title, "body": html, "breadcrumbs": crumbs})


def image(request: HttpRequest, name: str) -> FileResponse:
    """A screenshot of the guide (docs/img/*.png only)."""
    if not IMAGE_NAME.match(name):
        raise Http404
    path = guide.docs_dir() / "img" / name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
