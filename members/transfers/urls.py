"""Routes of the 组织关系转接 pages (in the "members:" namespace, included by members/urls.py)."""

from django.urls import path

from members.transfers import views

urlpatterns = [
    path("members/<int:pk>/transfer/", views.transfer_propose, name="transfer"),
    path("orgs/<int:org_pk>/transfers/", views.transfer_list, name="transfers"),
    path("members/transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("members/transfers/<int:pk>/accept/", views.transfer_accept, name="transfer_accept"),
    path("members/transfers/<int:pk>/return/", views.transfer_return, name="transfer_return"),
    path("members/transfers/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
    path("members/transfers/<int:pk>/receipt/", views.transfer_receipt, name="transfer_receipt"),
    path("members/transfers/<int:pk>/letter/", views.transfer_letter, name="transfer_letter"),
]
