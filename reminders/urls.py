from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open/", views.open_reminder, name="open"),
    path("inbox/read-all/", views.mark_all_read, name="read_all"),
]
