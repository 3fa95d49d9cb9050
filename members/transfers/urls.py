from django.urls import path

from members.views import transfers

# Included into the "members:" namespace by members/urls.py.
urlpatterns = [
    path("members/<int:pk>/transfer/", transfers.transfer_propose, name="transfer"),
    path("orgs/<int:org_pk>/transfers/", transfers.transfer_list, name="transfers"),
    path("members/transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path("members/transfers/<int:pk>/accept/", transfers.transfer_accept, name="transfer_accept"),
    path("members/transfers/<int:pk>/return/", transfers.transfer_return, name="transfer_return"),
    path("members/transfers/<int:pk>/withdraw/", transfers.transfer_withdraw, name="transfer_withdraw"),
    path("members/transfers/<int:pk>/receipt/", transfers.transfer_receipt, name="transfer_receipt"),
    path("members/transfers/<int:pk>/letter/", transfers.transfer_letter, name="transfer_letter"),
]
