"""Roster import (upload → preview → confirm) and export pages. The work is done in
members.importing and members.roster.exporting (the parsing in a Celery worker: members.tasks); these
views check access, queue and render."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.scope import CHANGE
from branches.models import Organization
from core.client_address import client_address
from core.web import xlsx_response
from members import tasks
from members.roster.exporting import export_roster, template_xlsx
from members.importing import jobs
from members.importing.reader import FileError, max_bytes
from members.importing.report import error_report
from members.models import ImportJob



class UploadForm(forms.Form):
    file = forms.FileField(label="名册文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    organization = forms.ModelChoiceField(
        label="默认党组织", queryset=Organization.objects.none(), required=False,
        help_text="行内未填“所在党组织”时使用。", empty_label="（不指定，按每行填写的党组织）",
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs
        if len(orgs) == 1:
            self.fields["organization"].initial = orgs[0].pk


def _importable_orgs(user):
    orgs = Organization.objects.restrict(user, CHANGE).active()
    if not orgs.exists():
        raise PermissionDenied("您没有可以导入名册的党组织。")
    return orgs


def _job(request, pk) -> ImportJob:
    jobs_ = ImportJob.objects.select_related("organization", "created_by")
    if not request.user.is_superuser:
        jobs_ = jobs_.filter(created_by=request.user)
    return get_object_or_404(jobs_, pk=pk)



def _busy_message(busy: jobs.ImportBusy) -> str:
    if busy.job is None:
        return str(busy)
    return format_html("您已有一个导入正在进行：<a href=\"{}\">{}</a>（{}）。请等它完成后再上传或确认。",
                       busy.job.get_absolute_url(), busy.job.file_name, busy.job.get_status_display())


@login_required
def import_upload(request):
    orgs = _importable_orgs(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.create_job(user=request.user, upload=form.cleaned_data["file"],
                                  default_org=form.cleaned_data["organization"])
        except FileError as exc:
            form.add_error("file", str(exc))
        except jobs.ImportBusy as busy:
            form.add_error(None, _busy_message(busy))
        else:
            tasks.enqueue_import(job, jobs.PREVIEW)
            return redirect(job)
    recent = ImportJob.objects.filter(created_by=request.user).select_related("organization")[:10]
    return render(request, "members/import_upload.html", {
        "form": form, "recent": recent, "max_mb": max_bytes() // 1048576,
    })


@login_required
def import_job(request, pk):
    job = _job(request, pk)
    errors = job.errors[:500]
    return render(request, "members/import_job.html", {
        "job": job, "running": job.status in jobs.ACTIVE, "errors": errors,
        "file_problem": job.status in (ImportJob.Status.INVALID, ImportJob.Status.FAILED) and not job.error_count,
        "more_errors": max(len(job.errors) - len(errors), 0), "preview_truncated": len(job.preview) < job.total_rows,
        "form": UploadForm(orgs=_importable_orgs(request.user)) if job.status == ImportJob.Status.INVALID else None,
    })


@login_required
@require_POST
def import_confirm(request, pk):
    job = _job(request, pk)
    try:
        queued = jobs.confirm(job=job, user=request.user)
    except jobs.ImportBusy as busy:
        messages.error(request, _busy_message(busy))
        return redirect(job)
    if queued:
        tasks.enqueue_import(job, jobs.CONFIRM)
    else:
        messages.error(request, "该导入当前不能确认（可能已确认或有错误）。")
    return redirect(job)


@login_required
def import_progress(request, pk):
    job = _job(request, pk)
    if job.status not in jobs.ACTIVE and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "members/import_progress.html", {"job": job, "running": job.status in jobs.ACTIVE})


@login_required
def import_errors(request, pk):
    job = _job(request, pk)
    return xlsx_response(error_report(job), f"导入错误_{job.pk}.xlsx")


@login_required
def import_template(request):
    return xlsx_response(template_xlsx(), "党员名册导入模板.xlsx")


@login_required
def member_export(request):
    data, _ = export_roster(request.user, request.GET, ip_address=client_address(request))
    return xlsx_response(data, f"党员名册_{timezone.localdate():%Y%m%d}.xlsx")
