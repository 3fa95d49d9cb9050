from django.urls import path

from assessments.views import campaigns, organizations, participation, problems, reports, schemes

app_name = "assessments"
urlpatterns = [
    path("assessments/", campaigns.index, name="index"),
    path("assessments/schemes/", schemes.scheme_list, name="schemes"),
    path("assessments/schemes/<int:pk>/", schemes.scheme_detail, name="scheme"),
    path("assessments/schemes/<int:pk>/copy/", schemes.scheme_copy, name="scheme_copy"),
    path("assessments/schemes/<int:scheme_pk>/criteria/add/", schemes.criterion_edit, name="criterion_add"),
    path("assessments/criteria/<int:pk>/edit/", schemes.criterion_edit, name="criterion_edit"),
    path("assessments/criteria/<int:pk>/delete/", schemes.criterion_delete, name="criterion_delete"),
    path("assessments/campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("assessments/campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("assessments/campaigns/<int:pk>/phases/", campaigns.campaign_phases, name="phases"),
    path("assessments/campaigns/<int:pk>/participants/", campaigns.campaign_participants, name="participants"),
    path("assessments/campaigns/<int:pk>/report/", reports.report_page, name="report"),
    path("assessments/campaigns/<int:pk>/report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("assessments/p/<int:pk>/", participation.participation_detail, name="participation"),
    path("assessments/p/<int:pk>/plan/", participation.plan_edit, name="plan"),
    path("assessments/p/<int:pk>/tasks/", participation.task_add, name="task_add"),
    path("assessments/p/<int:pk>/self/", participation.scores, {"column": "self"}, name="self_scores"),
    path("assessments/p/<int:pk>/review/", participation.scores, {"column": "review"}, name="review_scores"),
    path("assessments/p/<int:pk>/history/", participation.history, name="history"),
    path("assessments/p/<int:pk>/problems/", problems.problem_add, name="problem_add"),
    path("assessments/p/<int:pk>/<slug:action>/", participation.transition, name="transition"),
    path("assessments/tasks/<int:pk>/done/", participation.task_done, name="task_done"),
    path("assessments/items/<int:pk>/evidence/", participation.evidence_add, name="evidence_add"),
    path("assessments/evidence/<int:pk>/", participation.evidence_file, name="evidence_file"),
    path("assessments/evidence/<int:pk>/delete/", participation.evidence_delete, name="evidence_delete"),
    path("assessments/problems/<int:pk>/rectifications/", problems.rectification_add, name="rectification_add"),
    path("assessments/rectifications/<int:pk>/file/", problems.rectification_file, name="rectification_file"),
    path("assessments/rectifications/<int:pk>/<slug:action>/", problems.rectification_action, name="rectification_action"),
    path("orgs/<int:pk>/assessments/", organizations.org_assessments, name="org"),
    path("orgs/<int:pk>/venue/", organizations.venue, name="venue"),
]
