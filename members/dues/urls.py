"""Routes of the 党费 pages (in the "members:" namespace, included by members/urls.py)."""

from django.urls import path

from members.dues import views

urlpatterns = [
    path("members/dues/org/<int:org_pk>/", views.dues_current, name="dues"),
    path("members/dues/org/<int:org_pk>/<int:year>/<int:month>/", views.dues_month, name="dues_month"),
    path("members/dues/org/<int:org_pk>/<int:year>/<int:month>/generate/", views.dues_generate, name="dues_generate"),
    path("members/dues/records/<int:pk>/pay/", views.dues_pay, name="dues_pay"),
]
