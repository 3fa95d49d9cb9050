from django.urls import include, path

from members.views import roster

app_name = "members"
urlpatterns = [
    path("members/", roster.member_list, name="list"),
    path("members/<int:pk>/", roster.member_detail, name="member"),
    path("members/<int:pk>/edit/", roster.member_edit, name="edit"),
    path("members/<int:pk>/archive/", roster.member_archive, name="archive"),
    path("orgs/<int:org_pk>/members/new/", roster.member_create, name="create"),
    # Each area keeps its own routes (same "members:" namespace).
    path("", include("members.urls_imports")),
    path("", include("members.urls_pipeline")),
    path("", include("members.urls_dues")),
    path("", include("members.urls_transfers")),
]
