"""The help centre for everyone: start page with search and contacts, an area's
questions and handbook pages, one article, search results."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from gemeinwerk.core.acting import allowed_while_acting
from gemeinwerk.help import selectors, starter
from gemeinwerk.help.forms import SearchForm
from gemeinwerk.help.markdown import render as markdown
from gemeinwerk.help.models import Area


@allowed_while_acting
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "help/index.html",
        {
            "areas": selectors.areas(get_language()),
            "search_form": SearchForm(),
            **selectors.contacts(),
        },
    )


@allowed_while_acting
@require_safe
def area(request: HttpRequest, area: str) -> HttpResponse:
    contents = selectors.area(get_language(), area)
    if contents is None:
        raise Http404
    answers = [(question, markdown(question.body)) for question in contents.questions]
    return render(
        request,
        "help/area.html",
        {"contents": contents, "answers": answers, "search_form": SearchForm()},
    )


@allowed_while_acting
@require_safe
def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.article(get_language(), slug)
    if found is None:
        raise Http404
    return render(
        request,
        "help/article.html",
        {
            "article": found,
            "body": markdown(found.body),
            "area_label": found.get_area_display(),
            "search_form": SearchForm(),
            **selectors.contacts(),
        },
    )


@allowed_while_acting
@require_safe
def room(request: HttpRequest) -> HttpResponse:
    """The meeting room's help link: the troubleshooting handbook, or the area of
    groups and the room if staff have removed it."""
    if selectors.article(get_language(), starter.ROOM_TROUBLESHOOTING) is not None:
        return redirect("help:article", slug=starter.ROOM_TROUBLESHOOTING)
    return redirect("help:area", area=Area.GROUPS)


@allowed_while_acting
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "help/search.html",
        {
            "search_form": form,
            "query": query,
            "results": selectors.search(get_language(), query) if query else [],
        },
    )
