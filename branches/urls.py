from django.urls import path

from branches.views import committee, organizations, units

app_name = "branches"
urlpatterns = [
    path("orgs/", organizations.organization_tree, name="tree"),
    path("orgs/<int:pk>/", organizations.organization_detail, name="organization"),
    path("orgs/<int:pk>/children/", organizations.organization_children, name="children"),
    path("orgs/<int:pk>/edit/", organizations.organization_edit, name="edit"),
    path("orgs/<int:pk>/committee/", committee.committee_add, name="committee_add"),
    path("orgs/<int:pk>/committee/<int:member_pk>/end/", committee.committee_end, name="committee_end"),
    path("orgs/<int:pk>/groups/", committee.party_group_add, name="party_group_add"),
    path("units/", units.unit_list, name="units"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
]
