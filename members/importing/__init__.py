"""Roster import from real-world Excel files (see service.import_roster) and import jobs (jobs)."""
