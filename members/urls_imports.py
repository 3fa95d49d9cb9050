from django.urls import path

from members.views import imports

# Included into the "members:" namespace by members/urls.py.
urlpatterns = [
    path("members/import/", imports.import_upload, name="import"),
    path("members/import/template.xlsx", imports.import_template, name="import_template"),
    path("members/import/<int:pk>/", imports.import_job, name="import_job"),
    path("members/import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("members/import/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("members/import/<int:pk>/errors.xlsx", imports.import_errors, name="import_errors"),
    path("members/export.xlsx", imports.member_export, name="export"),
]
