"""The members app's routes: each area keeps its own (all in the "members:" namespace)."""

from django.urls import include, path

app_name = "members"
urlpatterns = [
    path("", include("members.roster.urls")),
    path("", include("members.urls_imports")),
    path("", include("members.pipeline.urls")),
    path("", include("members.dues.urls")),
    path("", include("members.transfers.urls")),
]
