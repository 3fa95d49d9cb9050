from django.urls import path

from members.views import dues

# Included into the "members:" namespace by members/urls.py.
urlpatterns = [
    path("members/dues/org/<int:org_pk>/", dues.dues_current, name="dues"),
    path("members/dues/org/<int:org_pk>/<int:year>/<int:month>/", dues.dues_month, name="dues_month"),
    path("members/dues/org/<int:org_pk>/<int:year>/<int:month>/generate/", dues.dues_generate, name="dues_generate"),
    path("members/dues/records/<int:pk>/pay/", dues.dues_pay, name="dues_pay"),
]
