"""Project middleware: refuse NUL bytes early; send the privacy headers on every response."""

from django.http import HttpResponseBadRequest
from django.utils.cache import patch_cache_control

# The meeting form may take a photo with the phone's camera; nothing here needs the rest.
PERMISSIONS_POLICY = ", ".join([
    "camera=(self)", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "hid=()",
    "midi=()", "magnetometer=()", "gyroscope=()", "accelerometer=()", "display-capture=()", "browsing-topics=()",
])


class RejectNulBytesMiddleware:
    """PostgreSQL text cannot hold NUL; a query string or form value carrying one is refused here,
    once, instead of failing as a database error in whichever view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or _has_nul(request):
            return HttpResponseBadRequest("请求中含有非法字符（NUL），请检查输入。".encode(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(request) -> bool:
    """Form fields only: uploaded files (request.FILES) may legitimately contain NUL bytes."""
    if request.method != "POST":
        return False
    return any("\x00" in value for _, values in request.POST.lists() for value in values)


class PrivacyHeadersMiddleware:
    """Every response carries the Permissions-Policy. Every response to a signed-in user is
    `Cache-Control: no-store, private`: rosters, member pages, exports and imports hold personal data,
    and neither a shared proxy nor the browser's disk cache may keep them. Static files never get here
    with a user (WhiteNoise answers them before authentication), so they stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
