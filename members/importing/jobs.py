"""Import jobs: upload → preview (validate, write nothing) → confirm (write, all or nothing).

The web request only checks an upload cheaply — its name, size, leading bytes and zip directory
(members.importing.archive) — and stores it. Every parse, the preview and the confirmed write,
runs in a Celery worker (members.tasks → `run_in_worker`), which reports progress on the job.
A user has at most one job queued or running: the database refuses a second one (ImportJob's
partial unique constraint), so two uploads at the same moment make one job."""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.scope import CHANGE, require
from members.importing.archive import open_archive
from members.importing.progress import SideProgress
from members.importing.reader import FileError, check_upload
from members.importing.service import Outcome, import_roster, setting
from members.models import ImportJob

log = logging.getLogger(__name__)
PREVIEW, CONFIRM = "preview", "confirm"
Status = ImportJob.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)
WAITING = {PREVIEW: "等待校验…", CONFIRM: "等待导入…"}
WORKING = {PREVIEW: "正在校验…", CONFIRM: "正在导入…"}


class ImportBusy(Exception):
    """The user already has an import queued or running: `job` (None if it ended meanwhile)."""

    def __init__(self, job: ImportJob | None):
        super().__init__("您已有一个导入正在进行，请等它完成后再上传或确认。")
        self.job = job


def create_job(*, user, upload, default_org=None) -> ImportJob:
    """Store `upload` as a job queued for its preview; nothing is parsed or inflated here.
    FileError if it cannot be a roster; ImportBusy if the user has an import queued or running.
    The caller queues the worker's step (members.tasks.enqueue_import)."""
    if default_org is not None:
        require(user, CHANGE, default_org.path)
    check_upload(upload.name, upload.size)
    data = upload.read()
    open_archive(data)
    job = ImportJob(created_by=user, organization=default_org, file_name=upload.name[-255:], file_data=data,
                    status=Status.QUEUED, message=WAITING[PREVIEW], queued_at=timezone.now())
    job.full_clean(validate_constraints=False)  # one running import per user: the insert checks it, race-safe
    expire_stale(user)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        raise ImportBusy(running_job(user)) from None
    return job


def confirm(*, job: ImportJob, user) -> bool:
    """Queue the write of a previewed job; False if it is not previewed (confirmed twice, or
    invalid); ImportBusy if its owner has another import queued or running."""
    if job.created_by_id != user.pk and not user.is_superuser:
        raise PermissionDenied("只能确认自己上传的导入。")
    expire_stale(job.created_by)
    try:
        with transaction.atomic():
            return bool(ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEWED).update(
                status=Status.QUEUED, message=WAITING[CONFIRM], processed_rows=0, queued_at=timezone.now()))
    except IntegrityError:
        raise ImportBusy(running_job(job.created_by)) from None


def running_job(user) -> ImportJob | None:
    return ImportJob.objects.filter(created_by=user, status__in=ACTIVE).first()


def expire_stale(user) -> int:
    """End the user's jobs queued or running for longer than ROSTER_IMPORT_STALE_SECONDS (a task
    lost while the broker was down, a worker killed mid-run): they would block every later import.
    A killed write has rolled back, so nothing was written."""
    now = timezone.now()
    limit = setting("ROSTER_IMPORT_STALE_SECONDS", 3600)
    return ImportJob.objects.filter(
        created_by=user, status__in=ACTIVE, queued_at__lt=now - timedelta(seconds=limit),
    ).update(status=Status.FAILED, finished_at=now,
             message=f"后台处理超过 {limit // 60} 分钟仍未完成，已结束，未写入任何数据。请重新上传。")


def run_in_worker(job_id: int, phase: str) -> None:
    """The worker's step: claim the queued job (a redelivered task finds it claimed and stops),
    then run `phase`, reporting progress on a connection of its own."""
    claimed = ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, message=WORKING[phase])
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by", "organization").get(pk=job_id)
    with SideProgress(job) as progress:
        _run(job, phase, progress)


def _run(job: ImportJob, phase: str, progress) -> ImportJob:
    write = phase == CONFIRM
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
