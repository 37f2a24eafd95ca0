"""/api/v1/: each app's API views, the OpenAPI schema and its docs page (served locally)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from lvzhi.accounts.api import ObtainToken
from lvzhi.consult import api as consult_api
from lvzhi.core.views_api_docs import api_docs
from lvzhi.duty import api as duty_api
from lvzhi.liaison import api as liaison_api
from lvzhi.meetings import api as meetings_api
from lvzhi.org import api as org_api
from lvzhi.party import api as party_api
from lvzhi.rectify import api as rectify_api
from lvzhi.reports import api as reports_api
from lvzhi.reports import api_rollup as rollup_api
from lvzhi.rules import api as rules_api
from lvzhi.service import api as service_api
from lvzhi.study import api as study_api

committee = "committees/<slug:committee>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", api_docs, name="api-docs"),
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("committees/", org_api.CommitteeList.as_view(), name="api-committees"),
    path(committee, org_api.CommitteeDetail.as_view(), name="api-committee"),
    path(f"{committee}members/", org_api.MemberList.as_view(), name="api-members"),
    path(f"{committee}members/<int:pk>/", org_api.MemberDetail.as_view(), name="api-member"),
    path(f"{committee}sectors/", org_api.SectorList.as_view(), name="api-sectors"),
    path(
        f"{committee}special-committees/",
        org_api.SpecialCommitteeList.as_view(),
        name="api-special-committees",
    ),
    path(f"{committee}branches/", party_api.BranchList.as_view(), name="api-branches"),
    path(f"{committee}coverage/", party_api.CoverageView.as_view(), name="api-coverage"),
    path(f"{committee}meetings/", party_api.MeetingList.as_view(), name="api-meetings"),
    path(
        f"{committee}orglife/compliance/", party_api.ComplianceView.as_view(), name="api-orglife-compliance"
    ),
    path(f"{committee}rules/", rules_api.RegulationList.as_view(), name="api-rules"),
    path(f"{committee}rules/<int:pk>/", rules_api.RegulationDetail.as_view(), name="api-rule"),
    path(f"{committee}rules/<int:pk>/revise/", rules_api.RegulationRevise.as_view(), name="api-rule-revise"),
    path(f"{committee}rules/<int:pk>/repeal/", rules_api.RegulationRepeal.as_view(), name="api-rule-repeal"),
    path(f"{committee}ledger/", rectify_api.LedgerList.as_view(), name="api-ledger"),
    path(f"{committee}ledger/<int:pk>/", rectify_api.LedgerDetail.as_view(), name="api-ledger-item"),
    path(
        f"{committee}ledger/<int:pk>/actions/<slug:action>/",
        rectify_api.LedgerAction.as_view(),
        name="api-ledger-action",
    ),
    path(f"{committee}summary/", reports_api.SummaryView.as_view(), name="api-summary"),
    path(f"{committee}rollup/", rollup_api.RollupView.as_view(), name="api-rollup"),
    path(f"{committee}study/sessions/", study_api.StudySessionList.as_view(), name="api-study-sessions"),
    path(f"{committee}study/reading-logs/", study_api.ReadingLogList.as_view(), name="api-reading-logs"),
    path(f"{committee}consultations/", consult_api.ConsultationList.as_view(), name="api-consultations"),
    path(f"{committee}suggestions/", consult_api.SuggestionList.as_view(), name="api-suggestions"),
    path(f"{committee}service/campaigns/", service_api.CampaignList.as_view(), name="api-service-campaigns"),
    path(
        f"{committee}service/activities/", service_api.ActivityList.as_view(), name="api-service-activities"
    ),
    path(f"{committee}liaison/projects/", liaison_api.KeyProjectList.as_view(), name="api-liaison-projects"),
    path(f"{committee}liaison/problems/", liaison_api.ProblemList.as_view(), name="api-liaison-problems"),
    path(f"{committee}archive/<int:pk>/", duty_api.ArchiveView.as_view(), name="api-duty-archive"),
    path(f"{committee}duty/scores/", duty_api.RankingView.as_view(), name="api-duty-scores"),
    path(
        f"{committee}committee-meetings/",
        meetings_api.CommitteeMeetingList.as_view(),
        name="api-committee-meetings",
    ),
    path(
        f"{committee}committee-meetings/<int:pk>/",
        meetings_api.CommitteeMeetingDetail.as_view(),
        name="api-committee-meeting",
    ),
]
