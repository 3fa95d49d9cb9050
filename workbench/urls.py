from django.urls import path

from workbench import views

urlpatterns = [
    path("", views.home, name="home"),
]
