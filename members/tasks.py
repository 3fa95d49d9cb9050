"""Celery tasks of the members app."""

from celery import shared_task

from core.tasks import enqueue_on_commit
from members.importing import jobs


@shared_task(name="members.import_roster_job", acks_late=True)
def import_roster_job(job_id: int, phase: str) -> None:
    """Parse (phase 'preview') or write (phase 'confirm') a queued roster import job."""
    jobs.run_in_worker(job_id, phase)


def enqueue_import(job, phase: str) -> None:
    """Queue a phase of an import job once the current transaction has committed. If the broker
    is down the job stays queued and expires (members.importing.jobs.expire_stale)."""
    enqueue_on_commit(import_roster_job, job.pk, phase)
