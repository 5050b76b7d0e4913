"""Forms of officers' ratings: the citizen's rating (public, with a captcha; or at a signed-in kiosk) and the
filters of the officers' links list."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from batxat_portal.public_forms import CachedFieldsMixin, CaptchaMixin
from batxat_portal.widgets import SearchSelect
from feedback.models import ratings as rating_labels
from feedback.services.ratings import MAX_COMMENT_CHARS
from staff.models import OrgUnit


def dossier_code(required=False) -> forms.CharField:
    return forms.CharField(
        label=_("Dossier code (if you have one)"), required=required, max_length=50,
        help_text=_("Printed on the receipt of your dossier. You may leave it empty."),
        validators=[RegexValidator(r"^[0-9A-Za-z.\-/_ ]*$", _("Use only letters, digits, dots, dashes and slashes."))],
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))


TONES = {  # by distance from the best level: a colour and a face, always beside the words
    0: ("success", "emoji-laughing"), 1: ("primary", "emoji-smile"), 2: ("secondary", "emoji-neutral"),
    3: ("danger", "emoji-frown"), 4: ("danger", "emoji-angry"),
}


def scale_options(bound_field, scale: int) -> list[dict]:
    """The radios of a level field with a tone and an icon each, for the big buttons of the public pages."""
    options = []
    for radio in bound_field:
        distance = scale - int(radio.data["value"])
        tone, icon = TONES[distance] if distance < scale - 1 else TONES[4 if scale == 5 else 3]
        options.append({"radio": radio, "tone": tone, "icon": icon})
    return options


class RatingForm(forms.Form):
    """The overall rating on the configured scale, then optional ratings per criterion, a comment, a dossier code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = settings.FEEDBACK_RATING_SCALE
        levels = rating_labels.level_choices(self.scale)
        self.fields["value"] = forms.TypedChoiceField(
            label=_("How satisfied are you with the service?"), choices=levels, coerce=int, widget=forms.RadioSelect,
            error_messages={"required": _("Choose how satisfied you are."),
                            "invalid_choice": _("Choose how satisfied you are.")})
        self.criteria = rating_labels.criteria_choices(settings.FEEDBACK_RATING_CRITERIA)
        for key, label in self.criteria:
            self.fields[f"criterion_{key}"] = forms.TypedChoiceField(
                label=label, choices=levels, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect)
        self.fields["comment"] = forms.CharField(
            label=_("Comment (optional)"), required=False, max_length=MAX_COMMENT_CHARS,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_CHARS}))
        self.fields["dossier_code"] = dossier_code()

    def value_options(self):
        return scale_options(self["value"], self.scale)

    def criterion_fields(self):
        return [{"field": self[f"criterion_{key}"], "options": scale_options(self[f"criterion_{key}"], self.scale)}
                for key, _label in self.criteria]

    def rating(self) -> dict:
        """The cleaned values as `services.ratings.rating_submit` takes them."""
        data = self.cleaned_data
        return {"value": data["value"], "comment": data["comment"], "dossier_code": data["dossier_code"],
                "criteria": {key: data[f"criterion_{key}"] for key, _label in self.criteria
                             if data.get(f"criterion_{key}") is not None}}


class PublicRatingForm(CachedFieldsMixin, CaptchaMixin, RatingForm):
    """The citizen's form reached by the officer's link or QR code."""

    fragment_settings = ("FEEDBACK_RATING_SCALE", "FEEDBACK_RATING_CRITERIA")


class OfficerFilterForm(forms.Form):
    q = forms.CharField(label=_("Full name"), required=False, max_length=100)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  widget=SearchSelect(search_url=reverse_lazy("feedback:ratinglink_unit_search")))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.choices = self.fields["unit"].choices


class CardSizeForm(forms.Form):
    size = forms.ChoiceField(label=_("Card size"), required=False, initial="a6",
                             choices=[("a6", _("A6 (four cards on an A4 sheet)")),
                                      ("a5", _("A5 (two cards on an A4 sheet)"))])
