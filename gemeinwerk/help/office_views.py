"""Staff write the help centre in the console: the list of articles per language, a form
with a preview (the text rendered as visitors will see it, nothing saved), deletion."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gemeinwerk.console.decorators import console
from gemeinwerk.core.permissions import require
from gemeinwerk.help import selectors, services
from gemeinwerk.help.forms import ArticleForm
from gemeinwerk.help.markdown import render as markdown
from gemeinwerk.help.models import Article

PREVIEW = "preview"


@console
@require_http_methods(["GET", "HEAD"])
def articles(request: HttpRequest) -> HttpResponse:
    require(request.user, "help.edit")
    return render(
        request,
        "help/office/articles.html",
        {"articles": selectors.every_article()},
    )


def _edit(request: HttpRequest, article: Article | None) -> HttpResponse:
    require(request.user, "help.edit")
    initial = {"language": get_language()} if article is None else None
    form = ArticleForm(request.POST or None, instance=article, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if PREVIEW in request.POST:
            preview = markdown(form.cleaned_data["body"])
        else:
            saved = services.save_article(
                actor=request.user, data=form.cleaned_data, article=article
            )
            messages.success(request, _("The help article is saved and visible to everyone."))
            return redirect("staff:help:edit", pk=saved.pk)
    return render(
        request,
        "help/office/edit.html",
        {"form": form, "article": article, "preview": preview},
    )


@console
@require_http_methods(["GET", "HEAD", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@console
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Article, pk=pk))


@console
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "help.edit")
    article = get_object_or_404(Article, pk=pk)
    if request.method == "POST":
        services.delete_article(actor=request.user, article=article)
        messages.success(request, _("The help article is deleted."))
        return redirect("staff:help:articles")
    return render(request, "help/office/delete.html", {"article": article})
