from django.urls import path

from assessments import views, views_assess as assess

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.index, name="index"),
    path("assessments/schemes/", views.scheme_list, name="schemes"),
    path("assessments/schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("assessments/schemes/<int:pk>/copy/", views.scheme_copy, name="scheme_copy"),
    path("assessments/schemes/<int:scheme_pk>/criteria/add/", views.criterion_edit, name="criterion_add"),
    path("assessments/criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("assessments/criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("assessments/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("assessments/campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("assessments/campaigns/<int:pk>/phases/", views.campaign_phases, name="phases"),
    path("assessments/campaigns/<int:pk>/participants/", views.campaign_participants, name="participants"),
    path("assessments/campaigns/<int:pk>/report/", views.report_page, name="report"),
    path("assessments/campaigns/<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("assessments/p/<int:pk>/", assess.participation_detail, name="participation"),
    path("assessments/p/<int:pk>/plan/", assess.plan_edit, name="plan"),
    path("assessments/p/<int:pk>/tasks/", assess.task_add, name="task_add"),
    path("assessments/p/<int:pk>/self/", assess.scores, {"column": "self"}, name="self_scores"),
    path("assessments/p/<int:pk>/review/", assess.scores, {"column": "review"}, name="review_scores"),
    path("assessments/p/<int:pk>/history/", assess.history, name="history"),
    path("assessments/p/<int:pk>/problems/", assess.problem_add, name="problem_add"),
    path("assessments/p/<int:pk>/<slug:action>/", assess.transition, name="transition"),
    path("assessments/tasks/<int:pk>/done/", assess.task_done, name="task_done"),
    path("assessments/items/<int:pk>/evidence/", assess.evidence_add, name="evidence_add"),
    path("assessments/evidence/<int:pk>/", assess.evidence_file, name="evidence_file"),
    path("assessments/evidence/<int:pk>/delete/", assess.evidence_delete, name="evidence_delete"),
    path("assessments/problems/<int:pk>/rectifications/", assess.rectification_add, name="rectification_add"),
    path("assessments/rectifications/<int:pk>/file/", assess.rectification_file, name="rectification_file"),
    path("assessments/rectifications/<int:pk>/<slug:action>/", assess.rectification_action, name="rectification_action"),
    path("orgs/<int:pk>/assessments/", views.org_assessments, name="org"),
    path("orgs/<int:pk>/venue/", views.venue, name="venue"),
]
