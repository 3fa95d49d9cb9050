from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views

admin.site.site_header = "支部 · 后台管理"
admin.site.site_title = "支部"

urlpatterns = [
    path("", include("workbench.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/", include("accounts.urls")),
    path("", include("branches.urls")),
    path("", include("members.urls")),
    path("", include("activities.urls")),
    path("", include("dashboards.urls")),
    path("", include("reminders.urls")),
    path("", include("assessments.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
