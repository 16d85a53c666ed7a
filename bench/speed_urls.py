"""The project's routes plus a bare view: what a request costs through the same server
and middleware when the view itself does nothing (bench/page_speed.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from gemeinwerk import urls as project


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare/", bare),
    *project.urlpatterns,
]

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
