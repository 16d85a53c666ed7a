from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.places.models import District


class DistrictFilterForm(forms.Form):
    """The district filter of the contact point list: a GET form, so it works without
    JavaScript and the filtered list can be bookmarked."""

    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args: Any, districts: Sequence[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices from the districts the view has already loaded: no second query.
        self._districts = {district.slug: district for district in districts}
        field = cast(forms.ChoiceField, self.fields["district"])
        field.choices = [
            ("", _("All districts")),
            *((district.slug, district.name) for district in districts),
        ]

    def selected_district(self) -> District | None:
        """The chosen district; None for "all" and for a slug that matches no district."""
        if not self.is_valid():
            return None
        return self._districts.get(self.cleaned_data["district"])
