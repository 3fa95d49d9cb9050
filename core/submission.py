"""One-time submission tokens: a create form sent twice (a double click, a re-sent request, the back
button) does its work once, and the second request gets the first one's result.

The form carries `{% load submission %}{% submission_token %}`, a hidden field with a fresh random
token; its view is decorated with `@once_per_submission`. The first request with a token claims it
in Django's cache (Redis SET NX, atomic across processes) and runs the view. A request with the same
token waits while the first runs, then gets the first one's redirect and messages. When the view
does not redirect (the form came back with errors) or fails, the claim is released, so the
corrected form can be sent. A POST without the field runs the view as before.

The result is stored when the view returns: the services it calls have committed by then (they are
atomic; requests are not). If the cache is unreachable the view runs unguarded.
"""

import functools
import logging
import re
import secrets
import time

from django import template
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.html import format_html
from redis.exceptions import RedisError

FIELD = "submission_token"
TOKEN = re.compile(r"[0-9a-f]{32}")
CLAIMED = "claimed"
WAIT_SECONDS = 30  # how long a second request waits for the first (and how long a claim lives)
KEEP_SECONDS = 3600  # how long a token replays its first result
POLL_SECONDS = 0.05

log = logging.getLogger(__name__)
register = template.Library()


@register.simple_tag
def submission_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, secrets.token_hex(16))


def once_per_submission(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        token = request.POST.get(FIELD) if request.method == "POST" else None
        if token is None:
            return view(request, *args, **kwargs)
        if not TOKEN.fullmatch(token):
            raise BadRequest("表单已失效，请刷新页面后重新填写。")
        key = f"submission:{request.user.pk}:{token}"
        try:
            return _once(view, key, request, args, kwargs)
        except RedisError:
            log.warning("submission tokens unavailable (cache down): %s runs unguarded", request.path)
            return view(request, *args, **kwargs)

    return guarded


def _once(view, key, request, args, kwargs):
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(key, CLAIMED, WAIT_SECONDS):
        result = cache.get(key)
        if isinstance(result, dict):
            return _replay(request, result)
        if time.monotonic() > deadline:
            return render(request, "400.html", {"message": "这份表单仍在提交中，请稍后刷新页面查看结果。"}, status=409)
        time.sleep(POLL_SECONDS)
    return _run(view, key, request, args, kwargs)


def _run(view, key, request, args, kwargs):
    queued = messages.get_messages(request)._queued_messages  # what the view adds is replayed as well
    before = len(queued)
    try:
        response = view(request, *args, **kwargs)
    except BaseException:
        cache.delete(key)
        raise
    if response.status_code in (301, 302, 303) and response.has_header("Location"):
        added = [(m.level, m.message, m.extra_tags) for m in queued[before:]]
        cache.set(key, {"location": response["Location"], "messages": added}, KEEP_SECONDS)
    else:
        cache.delete(key)
    return response


def _replay(request, result):
    for level, message, extra_tags in result["messages"]:
        messages.add_message(request, level, message, extra_tags=extra_tags)
    return HttpResponseRedirect(result["location"])
