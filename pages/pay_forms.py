"""Forms of the pay transparency pages (pages/views/pay.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import check_date

from .forms import ISO_DATE


class ExplainForm(forms.Form):
    reason = forms.CharField(
        label=_("Objective, gender-neutral reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    remedy = forms.CharField(
        label=_("Remedy taken"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=forms.DateInput(format=ISO_DATE, attrs={"type": "date"}),
        validators=[check_date],
    )

    def clean(self):
        data = super().clean()
        if not (data.get("reason", "").strip() or data.get("remedy", "").strip()):
            raise forms.ValidationError(_("Give the reason for the gap or the remedy taken."))
        return data


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Anything you want to add (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=8000,
    )


class PayUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or .xlsx file"))
    year = forms.IntegerField(
        label=_("Reference year (when the file has no year column)"),
        min_value=2000,
        max_value=2100,
        required=False,
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)
