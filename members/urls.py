from django.urls import include, path

from members.views import roster

app_name = "members"
urlpatterns = [
    path("members/", roster.member_list, name="list"),
    path("members/<int:pk>/", roster.member_detail, name="member"),
    # Each area keeps its own routes (same "members:" namespace).
    path("", include("members.urls_imports")),
    path("", include("members.urls_pipeline")),
    path("", include("members.urls_dues")),
]
