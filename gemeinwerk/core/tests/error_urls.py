"""The project's routes plus three that fail on purpose, for the error page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from gemeinwerk.urls import handler400, handler403, handler404, handler500
from gemeinwerk.urls import urlpatterns as project_urlpatterns


def fail_with_server_error(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("broken on purpose")


def fail_with_bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("bad on purpose")


def fail_with_permission_denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns: list[URLPattern | URLResolver] = [
    *i18n_patterns(
        path("test-errors/500/", fail_with_server_error),
        path("test-errors/400/", fail_with_bad_request),
        path("test-errors/403/", fail_with_permission_denied),
        prefix_default_language=False,
    ),
    *project_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
