from django.urls import include, path

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
