"""发展党员: from the application to full membership. The intervals and rule checks (citing 党章 and
the 细则) are rules.py, the writes services.py, what is due next due.py, the daily reminders reminders.py."""
