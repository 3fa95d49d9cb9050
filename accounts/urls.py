from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="revoke"),
]
