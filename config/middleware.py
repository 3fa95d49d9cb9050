from django.http import HttpResponseBadRequest


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
