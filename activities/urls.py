from django.urls import path

from activities import views

app_name = "activities"
urlpatterns = [
    path("orgs/<int:org_pk>/meetings/", views.meeting_list, name="list"),
    path("orgs/<int:org_pk>/meetings/plan/", views.meeting_plan, name="plan"),
    path("orgs/<int:org_pk>/meetings/log/", views.meeting_quick_log, name="quick_log"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<int:pk>/held/", views.meeting_held, name="held"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<int:pk>/guests/", views.meeting_guest, name="guest"),
    path("meetings/<int:pk>/attachments/", views.meeting_attachment, name="attachment"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("orgs/<int:org_pk>/ledger.xlsx", views.ledger_xlsx, name="ledger"),
    path("orgs/<int:org_pk>/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
