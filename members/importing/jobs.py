"""Import jobs: upload → preview (validate, write nothing) → confirm (write, all or nothing).
Small files run in the request; larger ones in a Celery worker (members.tasks) with progress."""

import logging

from django.utils import timezone

from members.importing.progress import SideProgress
from members.importing.reader import FileError, check_upload, open_table
from members.importing.service import Outcome, import_roster, setting
from members.models import ImportJob

log = logging.getLogger(__name__)
PREVIEW, CONFIRM = "preview", "confirm"
Status = ImportJob.Status


def create_job(user, upload, default_org=None) -> ImportJob:
    """Store the upload in the database (FileError if it cannot be a roster)."""
    check_upload(upload.name, upload.size)
    data = upload.read()
    table = open_table(data, has_default_org=default_org is not None)
    return ImportJob.objects.create(
        created_by=user, organization=default_org, file_name=upload.name[-255:], file_data=data,
        total_rows=table.estimated_rows,
    )


def needs_worker(job: ImportJob) -> bool:
    return job.total_rows > setting("ROSTER_IMPORT_ASYNC_ROWS", 2000)


def queue(job: ImportJob, phase: str) -> bool:
    """Mark the job queued for `phase`; False if it is not in a state for that (e.g. confirmed twice)."""
    ready = {PREVIEW: [Status.UPLOADED], CONFIRM: [Status.PREVIEWED]}[phase]
    message = "等待校验…" if phase == PREVIEW else "等待导入…"
    return bool(ImportJob.objects.filter(pk=job.pk, status__in=ready).update(
        status=Status.QUEUED, message=message, processed_rows=0))


def run(job: ImportJob, phase: str, progress=None) -> ImportJob:
    """Run one phase now (the job must have been queued for it)."""
    write = phase == CONFIRM
    job.status, job.message = Status.RUNNING, "正在导入…" if write else "正在校验…"
    job.save(update_fields=["status", "message"])
    try:
        outcome = import_roster(bytes(job.file_data), job.created_by, default_org=job.organization,
                                write=write, actor=job.created_by, progress=progress)
    except FileError as exc:
        return _finish(job, Status.INVALID, str(exc))
    except Exception:
        log.exception("roster import job %s failed", job.pk)
        return _finish(job, Status.FAILED, "导入失败，未写入任何数据。请稍后重试或联系管理员。")
    if not outcome.ok:
        status = Status.INVALID
    else:
        status = Status.DONE if write else Status.PREVIEWED
    return _finish(job, status, _message(outcome, phase), outcome)


def run_in_worker(job_id: int, phase: str) -> None:
    job = ImportJob.objects.select_related("created_by", "organization").get(pk=job_id)
    if job.status != Status.QUEUED:
        return  # already handled (a redelivered task)
    with SideProgress(job) as progress:
        run(job, phase, progress)


def _message(outcome: Outcome, phase: str) -> str:
    if not outcome.ok:
        return f"{outcome.summary()}。请修改后重新上传，本次未写入任何数据。"
    if phase == CONFIRM:
        return f"导入完成。{outcome.summary()}。"
    return f"校验通过。{outcome.summary()}。确认后写入。"


def _finish(job: ImportJob, status: str, message: str, outcome: Outcome | None = None) -> ImportJob:
    job.status, job.message = status, message[:500]
    fields = ["status", "message"]
    if outcome is not None:
        job.total_rows = job.processed_rows = outcome.total
        job.created_count, job.updated_count, job.unchanged_count = outcome.created, outcome.updated, outcome.unchanged
        job.error_count, job.errors, job.preview = outcome.error_rows, outcome.errors, outcome.preview
        fields += ["total_rows", "processed_rows", "created_count", "updated_count", "unchanged_count",
                   "error_count", "errors", "preview"]
    if status in (Status.DONE, Status.FAILED, Status.INVALID):
        job.finished_at = timezone.now()
        fields.append("finished_at")
    job.save(update_fields=fields)
    return job
