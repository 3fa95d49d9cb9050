"""The project's own views: liveness (/healthz) and the 400 page."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def healthz(request):
    """Liveness of the two services the app needs; 503 when either is down."""
    state = {"database": _check_database(), "broker": _check_broker()}
    ok = all(v == "ok" for v in state.values())
    return JsonResponse({"status": "ok" if ok else "error", **state}, status=200 if ok else 503)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return f"error: {exc.__class__.__name__}"


def _check_broker() -> str:
    import redis
    from django.conf import settings

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1).ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


def bad_request(request, exception=None):
    """400 in Chinese, with the reason the code gave (`BadRequest("…")`), inside the site's layout."""
    message = str(exception) if exception and str(exception) and not str(exception).isascii() else ""
    return render(request, "400.html", {"message": message}, status=400)
