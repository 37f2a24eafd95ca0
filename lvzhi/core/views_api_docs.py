from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI from drf-spectacular-sidecar's local files, started by a static script (CSP, no CDN)."""
    return render(request, "core/api_docs.html")
