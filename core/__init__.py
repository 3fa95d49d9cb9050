"""The bottom of the house: helpers every app shares (view kit, bounded form fields, one-time
submission tokens, spreadsheet cell safety, the settings-row base model, middleware, the client
address, Celery helpers). Nothing here imports an app of the project; see docs/architecture.md."""
