from django.urls import path

from members.views import pipeline

# Included into the "members:" namespace by members/urls.py.
urlpatterns = [
    path("members/applicants/", pipeline.applicant_list, name="applicants"),
    path("members/applicants/org/<int:org_pk>/", pipeline.applicant_list, name="org_applicants"),
    path("members/applicants/org/<int:org_pk>/add/", pipeline.applicant_add, name="applicant_add"),
    path("members/applicants/<int:pk>/", pipeline.applicant_detail, name="applicant"),
    path("members/applicants/<int:pk>/advance/", pipeline.applicant_advance, name="applicant_advance"),
    path("members/applicants/<int:pk>/record/<slug:kind>/", pipeline.applicant_record, name="applicant_record"),
]
