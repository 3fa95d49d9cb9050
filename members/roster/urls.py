"""Routes of the roster pages (in the "members:" namespace, included by members/urls.py)."""

from django.urls import path

from members.roster import views

urlpatterns = [
    path("members/", views.member_list, name="list"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("members/<int:pk>/edit/", views.member_edit, name="edit"),
    path("members/<int:pk>/archive/", views.member_archive, name="archive"),
    path("orgs/<int:org_pk>/members/new/", views.member_create, name="create"),
]
