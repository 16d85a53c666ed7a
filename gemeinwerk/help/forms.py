from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.help.models import Article

# The help centre's own addresses beside /help/<slug>/.
RESERVED = {"search", "topics", "meeting-room"}


class ArticleForm(forms.ModelForm[Article]):
    class Meta:
        model = Article
        fields = ["area", "kind", "language", "title", "body", "slug", "position"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug, language = data.get("slug"), data.get("language")
        if slug in RESERVED:
            self.add_error("slug", _("This short name is taken by the help centre's own pages."))
        elif slug and language:
            taken = Article.objects.filter(slug=slug, language=language)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "slug",
                    _("An article with this short name exists in this language already."),
                )
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the help"), max_length=200, required=False)
