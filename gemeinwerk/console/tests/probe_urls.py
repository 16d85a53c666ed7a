"""A console URL module a test registers, as an app would (test_registry.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from gemeinwerk.console.decorators import console

app_name = "probe"


@console
def probe(request: HttpRequest) -> HttpResponse:
    return HttpResponse("probe page")


urlpatterns = [path("", probe, name="page")]
