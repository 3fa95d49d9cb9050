from django.urls import path

from branches import views

app_name = "branches"
urlpatterns = [
    path("orgs/", views.organization_tree, name="tree"),
    path("orgs/<int:pk>/", views.organization_detail, name="organization"),
    path("orgs/<int:pk>/children/", views.organization_children, name="children"),
    path("orgs/<int:pk>/edit/", views.organization_edit, name="edit"),
    path("orgs/<int:pk>/committee/", views.committee_add, name="committee_add"),
    path("orgs/<int:pk>/committee/<int:member_pk>/end/", views.committee_end, name="committee_end"),
    path("orgs/<int:pk>/groups/", views.party_group_add, name="party_group_add"),
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
