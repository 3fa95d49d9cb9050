from django.contrib import admin

from reminders.models import Reminder, ReminderSettings


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "channel", "status", "attempts", "due_date", "created_at"]
    list_filter = ["channel", "status", "kind"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]


admin.site.register(ReminderSettings)
