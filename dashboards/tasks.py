from celery import shared_task

from dashboards import figures

# Run every half hour by beat (migration 0002): rows older than this are redone, so that pages rarely
# find anything due (figures.MAX_AGE_MINUTES) and a new day starts with fresh ages and periods.
BEAT_MAX_AGE_MINUTES = 25


@shared_task(name="dashboards.refresh_figures", acks_late=True)
def refresh_figures_task(force: bool = False) -> None:
    figures.refresh("", force=force, max_age_minutes=BEAT_MAX_AGE_MINUTES)
