"""The citizen's forms: send feedback, look up a case, judge the answer, add information. Input shape only.

The unit and the officer are chosen with a search that also works without JavaScript: the search box is a real
text field sent with the form and matched here; when several units or officers match, they come back as choices.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from batxat_portal.public_forms import CachedFieldsMixin, CaptchaMixin
from batxat_portal.text import fold
from batxat_portal.widgets import SearchSelect
from feedback.models import Kind
from feedback.selectors import public as selectors
from feedback.services import public as services

ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,application/pdf"  # a hint to the phone's file picker only
_PHONE = re.compile(r"0(?:[35789]\d{8}|2\d{9})")  # mobile: 10 digits; landline: 02xx and 7-8 digits


class TypeOrPick(SearchSelect):
    """A SearchSelect whose search box is sent with the form (as `<name>_text`), so a name typed without
    JavaScript is matched on the server; results and candidates are radios named like the field."""

    template_name = "feedback/public_pick_widget.html"

    def __init__(self, *, search_url, include: str = "", attrs=None):
        super().__init__(search_url=search_url, attrs=attrs)
        self.include = include  # other inputs the search needs (the officer search needs the unit)
        self.options: list[tuple[str, str]] = []  # (pk, label): the chosen row, or the rows to choose among
        self.checked = ""
        self.note = ""

    def show(self, options, *, checked="") -> None:
        self.options = [(str(pk), label) for pk, label in options]
        self.checked = str(checked)

    def format_value(self, value):
        if isinstance(value, dict):
            return value
        return {"pk": "" if value in (None, "") else str(getattr(value, "pk", value)), "text": ""}

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"].update({"search_url": self.search_url, "include": self.include, "options": self.options,
                                  "checked": self.checked, "note": self.note})
        return context

    def value_from_datadict(self, data, files, name):
        return {"pk": (data.get(name) or "").strip()[:20], "text": (data.get(f"{name}_text") or "").strip()[:200]}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_text" not in data


def unit_option_label(unit) -> str:
    """A former unit says until when it existed and, when its successors were fetched with it, who took over."""
    label = selectors.unit_label(unit)
    if getattr(unit, "is_current", True) or not unit.valid_to:
        return label
    day = f"{unit.valid_to:%d/%m/%Y}"
    cached = getattr(unit, "_prefetched_objects_cache", {}).get("successors")
    if cached:
        return _("%(unit)s (until %(day)s; now: %(successors)s)") % {
            "unit": label, "day": day, "successors": ", ".join(row.name for row in cached)}
    return _("%(unit)s (until %(day)s)") % {"unit": label, "day": day}


class UnitField(forms.Field):
    """A unit valid today; a former unit leads to its successor, or to a choice among its successors."""

    default_error_messages = {"required": _("Choose the agency or unit concerned: type part of its name.")}

    def __init__(self, **kwargs):
        super().__init__(widget=TypeOrPick(search_url=reverse_lazy("feedback:public_unit_search")), **kwargs)

    def clean(self, value):
        value = value or {"pk": "", "text": ""}
        today = timezone.localdate()
        if value["pk"]:
            unit = selectors.unit_get(value["pk"], today=today)
            if unit is None:
                raise ValidationError(_("Choose the unit again."), code="invalid")
        elif value["text"]:
            unit = self._match(value["text"], today=today)
        else:
            raise ValidationError(self.error_messages["required"], code="required")
        if unit.is_current:
            self.widget.show([(unit.pk, unit_option_label(unit))], checked=unit.pk)
            return unit
        successors = selectors.current_successors(unit, today=today)
        names = {"old": selectors.unit_label(unit)}
        if len(successors) == 1:
            self.widget.note = _("“%(old)s” no longer exists; its work passed to “%(new)s”.") % {
                **names, "new": selectors.unit_label(successors[0])}
            self.widget.show([(successors[0].pk, unit_option_label(successors[0]))], checked=successors[0].pk)
            return successors[0]
        if not successors:
            raise ValidationError(_("“%(old)s” no longer exists. Type the name of a unit that exists today.") % names,
                                  code="former")
        self.widget.show([(row.pk, unit_option_label(row)) for row in successors])
        raise ValidationError(_("“%(old)s” no longer exists; its work passed to several units. Choose the one "
                                "concerned below.") % names, code="choose")

    def _match(self, text: str, *, today):
        found = selectors.unit_search(text, today=today, limit=selectors.SEARCH_LIMIT + 1)
        if not found:
            raise ValidationError(_("No unit matches “%(text)s”. Check the name, or type fewer words (for example the "
                                    "commune's name).") % {"text": text}, code="no_match")
        if len(found) == 1:
            return found[0]
        typed = fold(text)
        exact = [unit for unit in found if typed in (fold(unit.name), fold(selectors.unit_label(unit)))
                 or unit.code.lower() == text.strip().lower()]
        for candidates in ([unit for unit in exact if unit.is_current], exact):
            if len(candidates) == 1:
                return candidates[0]
        self.widget.show([(unit.pk, unit_option_label(unit)) for unit in found[:selectors.SEARCH_LIMIT]])
        raise ValidationError(_("Several units match “%(text)s”. Choose the one concerned below.") % {"text": text},
                              code="choose")


class OfficerField(forms.Field):
    """Kept as typed here; the form matches it once the unit is known."""

    def __init__(self, **kwargs):
        super().__init__(widget=TypeOrPick(search_url=reverse_lazy("feedback:public_officer_search"),
                                           include="[name='unit'],[name='unit_text']"), required=False, **kwargs)

    def clean(self, value):
        return value or {"pk": "", "text": ""}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to FEEDBACK_MAX_ATTACHMENTS pictures or PDF documents, each checked by its content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_TYPES}))
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > settings.FEEDBACK_MAX_ATTACHMENTS:
            raise ValidationError(_("Send at most %(count)s files.") % {"count": settings.FEEDBACK_MAX_ATTACHMENTS},
                                  code="too_many")
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(services.attachment_check(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


def _attachments_help() -> str:
    return _("Up to %(count)s pictures (JPEG, PNG, WebP) or PDF documents, %(size)s MB each at most.") % {
        "count": settings.FEEDBACK_MAX_ATTACHMENTS, "size": f"{settings.FEEDBACK_MAX_ATTACHMENT_BYTES / 1048576:g}"}


def _style(form: forms.Form) -> None:
    """Bootstrap classes on plain widgets (the pages render fields one by one, without crispy)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif not isinstance(widget, TypeOrPick | forms.HiddenInput):
            widget.attrs["class"] = "form-control"


def _limit_text(field: forms.CharField) -> None:
    """The length limit of the settings in force when the form is built."""
    field.max_length = settings.FEEDBACK_TEXT_MAX_CHARS
    field.validators.append(MaxLengthValidator(field.max_length))
    field.widget.attrs["maxlength"] = str(field.max_length)


class FeedbackSendForm(CachedFieldsMixin, CaptchaMixin, forms.Form):
    fragment_settings = ("FEEDBACK_TEXT_MAX_CHARS", "FEEDBACK_MAX_ATTACHMENTS", "FEEDBACK_MAX_ATTACHMENT_BYTES")

    kind = forms.ChoiceField(label=_("What do you want to send?"), choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Choose what you want to send.")})
    unit = UnitField(label=_("Agency or unit concerned"),
                     help_text=_("Type part of its name, for example “Bát Xát” or “Văn hóa”. A unit that no longer "
                                 "exists leads to the one that took over its work."))
    officer = OfficerField(label=_("Officer concerned (optional)"),
                           help_text=_("Type part of the officer's name, if you know it."))
    procedure_code = forms.CharField(label=_("Procedure code (optional)"), max_length=50, required=False)
    dossier_code = forms.CharField(label=_("Dossier code (optional)"), max_length=50, required=False,
                                   help_text=_("As written on your receipt."))
    text = forms.CharField(label=_("Your feedback"), widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": _("Write what you want to tell the agency.")})
    attachments = AttachmentsField(label=_("Pictures or documents (optional)"))
    anonymous = forms.BooleanField(label=_("I want to stay anonymous: do not keep my name or contact"),
                                   required=False)
    citizen_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    citizen_phone = forms.CharField(label=_("Phone (optional)"), max_length=20, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    citizen_email = forms.EmailField(label=_("Email (optional)"), required=False,
                                     help_text=_("We send your tracking code there."),
                                     widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_text(self.fields["text"])
        self.fields["attachments"].help_text = _attachments_help()
        _style(self)

    def clean_citizen_phone(self):
        raw = self.cleaned_data["citizen_phone"].strip()
        if not raw:
            return ""
        digits = re.sub(r"[\s.\-()]", "", raw)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        elif digits.startswith("84") and len(digits) in (11, 12):
            digits = "0" + digits[2:]
        if not _PHONE.fullmatch(digits):
            raise ValidationError(_("Write a Vietnamese phone number, for example 0912 345 678."), code="phone")
        return digits

    def clean_officer(self):
        value = self.cleaned_data.get("officer") or {"pk": "", "text": ""}
        unit = self.cleaned_data.get("unit")
        widget = self.fields["officer"].widget
        if not value["pk"] and not value["text"]:
            return None
        if unit is None:  # keep the choice shown until the unit is right
            officer = selectors.officer_get(value["pk"], unit=None) if value["pk"] else None
            if officer is not None:
                widget.show([(officer.pk, selectors.officer_label(officer))], checked=officer.pk)
            return None
        if value["pk"]:
            officer = selectors.officer_get(value["pk"], unit=unit)
            if officer is None:
                raise ValidationError(_("This officer does not work in the chosen unit. Choose again or leave the "
                                        "officer out."), code="other_unit")
        else:
            found = selectors.officer_search(value["text"], unit=unit, limit=selectors.SEARCH_LIMIT + 1)
            if not found:
                raise ValidationError(_("No officer of the chosen unit matches “%(text)s”. Check the name, or leave "
                                        "the field empty.") % {"text": value["text"]}, code="no_match")
            if len(found) > 1:
                widget.show([(row.pk, selectors.officer_label(row)) for row in found[:selectors.SEARCH_LIMIT]])
                raise ValidationError(_("Several officers match “%(text)s”. Choose the one concerned below, or leave "
                                        "the field empty.") % {"text": value["text"]}, code="choose")
            officer = found[0]
        widget.show([(officer.pk, selectors.officer_label(officer))], checked=officer.pk)
        return officer

    def submission(self) -> dict:
        """The service's arguments; staying anonymous drops the name and contact."""
        data = self.cleaned_data
        anonymous = data["anonymous"]
        return {
            "kind": data["kind"], "org_unit": data["unit"], "officer": data["officer"],
            "procedure_code": data["procedure_code"], "dossier_code": data["dossier_code"], "text": data["text"],
            "attachments": data["attachments"],
            "citizen_name": "" if anonymous else data["citizen_name"],
            "citizen_phone": "" if anonymous else data["citizen_phone"],
            "citizen_email": "" if anonymous else data["citizen_email"],
        }

    def typed(self) -> dict:
        """What the citizen typed, to show the form again unvalidated (after a refused post), with nothing lost."""
        return {name: field.widget.value_from_datadict(self.data, {}, self.add_prefix(name))
                for name, field in self.fields.items() if name not in ("captcha", "attachments")}


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40,
                           help_text=_("16 letters and digits, as on the page you got when you sent it, for example "
                                       "ABCD-EFGH-JKMN-PQRS."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false", "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_track_%s")  # the page's other forms carry the code too, hidden
        super().__init__(*args, **kwargs)


class RateForm(CaptchaMixin, forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    satisfied = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes",
        error_messages={"required": _("Say whether the answer satisfied you.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class InfoForm(CaptchaMixin, forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(label=_("The information you were asked for"), widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": _("Write the information you were asked for.")})
    attachments = AttachmentsField(label=_("Pictures or documents (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_text(self.fields["text"])
        self.fields["attachments"].help_text = _attachments_help()
        _style(self)
