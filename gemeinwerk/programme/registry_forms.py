from django import forms
from django.utils.translation import gettext_lazy as _

from gemeinwerk.programme.importing import MAX_BYTES
from gemeinwerk.programme.models import Facility, Organisation


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or number"), required=False, max_length=100)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("The official list as a CSV file"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "UTF-8, values separated by “;” or “,”, at most 2 MB and 5,000 lines. The first "
            "line names the columns: organisation_number, organisation, facility_number, "
            "facility, and optionally address, postcode, city, district."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB. Split it into parts."))
        return upload


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = ["name", "address", "postcode", "city", "district", "listed"]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "listed"]
