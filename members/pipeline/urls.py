"""Routes of the 发展党员 pages (in the "members:" namespace, included by members/urls.py)."""

from django.urls import path

from members.pipeline import views

urlpatterns = [
    path("members/applicants/", views.applicant_list, name="applicants"),
    path("members/applicants/org/<int:org_pk>/", views.applicant_list, name="org_applicants"),
    path("members/applicants/org/<int:org_pk>/add/", views.applicant_add, name="applicant_add"),
    path("members/applicants/<int:pk>/", views.applicant_detail, name="applicant"),
    path("members/applicants/<int:pk>/advance/", views.applicant_advance, name="applicant_advance"),
    path("members/applicants/<int:pk>/record/<slug:kind>/", views.applicant_record, name="applicant_record"),
]
