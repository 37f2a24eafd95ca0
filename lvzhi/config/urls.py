from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views import defaults

from lvzhi.config import observability

urlpatterns = [
    path("health", observability.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("help/", include("lvzhi.core.help_urls")),
    path("setup/", include("lvzhi.setup.urls")),
    path("", include("lvzhi.core.urls")),
    path("", include("lvzhi.accounts.urls")),
    path("c/<slug:committee>/", include("lvzhi.reports.urls")),
    path("c/<slug:committee>/", include("lvzhi.org.urls")),
    path("c/<slug:committee>/", include("lvzhi.party.urls")),
    path("c/<slug:committee>/", include("lvzhi.rules.urls")),
    path("c/<slug:committee>/", include("lvzhi.rectify.urls")),
    path("c/<slug:committee>/", include("lvzhi.study.urls")),
    path("c/<slug:committee>/", include("lvzhi.consult.urls")),
    path("c/<slug:committee>/", include("lvzhi.proposals.urls")),
    path("c/<slug:committee>/", include("lvzhi.opinions.urls")),
    path("c/<slug:committee>/", include("lvzhi.duty.urls")),
    path("c/<slug:committee>/", include("lvzhi.service.urls")),
    path("c/<slug:committee>/", include("lvzhi.liaison.urls")),
    path("c/<slug:committee>/", include("lvzhi.meetings.urls")),
    path("", include("lvzhi.portal.urls")),
    path("api/v1/", include("lvzhi.config.api_urls")),
]

handler500 = "lvzhi.config.observability.handler500"


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 404 under /api/ answers JSON, as the schema says, even when no API view matched the path."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到。"}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = not_found
