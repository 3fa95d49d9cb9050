from django.urls import path

from dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("dashboard/", views.index, name="index"),
    path("dashboard/<int:org_pk>/", views.org_dashboard, name="org"),
    path("dashboard/<int:org_pk>/list/<slug:name>/", views.list_view, name="list"),
    path("dashboard/<int:org_pk>/list/<slug:name>/xlsx/", views.export_view, name="export"),
]
