"""What every public form shares: a self-hosted captcha and a rate limit per address.

Public pages opt out of the sign-in requirement with `login_not_required`; so do the captcha's image, audio and
refresh views, which a citizen's browser fetches while filling a form.
"""

import functools

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited


def captcha_urls() -> list[URLPattern]:
    from captcha import urls

    for pattern in urls.urlpatterns:
        pattern.callback = login_not_required(pattern.callback)
    return urls.urlpatterns


@functools.cache
def _captcha_input_class():
    # captcha.fields reads its models: imported once the apps are ready, not when this module is.
    from captcha.conf import settings as captcha_settings
    from captcha.fields import CaptchaTextInput

    class PortalCaptchaInput(CaptchaTextInput):
        """The captcha's picture (sharper on high-density screens), a button for another picture
        (static/js/captcha.js asks captcha/refresh/; hidden without JavaScript), the audio link when `flite` is
        installed, then the text box."""

        template_name = "batxat_portal/widgets/captcha.html"

        def get_context(self, name, value, attrs):
            context = super().get_context(name, value, attrs)
            context["image_2x"] = (reverse("captcha-image-2x", kwargs={"key": self._key})
                                   if captcha_settings.CAPTCHA_2X_IMAGE else "")
            context["refresh_url"] = self.refresh_url()
            return context

    return PortalCaptchaInput


def captcha_widget():
    widget = _captcha_input_class()()
    widget.widgets[1].attrs.update({"class": "form-control captcha-answer", "maxlength": "20"})
    return widget


class CaptchaMixin(forms.Form):
    """Adds the captcha field last, with a Vietnamese-first label and message."""

    def __init__(self, *args, **kwargs):
        from captcha.fields import CaptchaField

        super().__init__(*args, **kwargs)
        self.fields["captcha"] = CaptchaField(
            label=_("Type the characters in the picture"), widget=captcha_widget(),
            error_messages={"invalid": _("The characters do not match the picture. Try the new picture.")})


FRAGMENT_CACHE = "fragments"  # settings.CACHES: in the process's memory, never shared


class CachedFieldsMixin:
    """An empty public form looks the same to every visitor, so its page keeps the rendered fields (never the
    captcha, whose key is new each time, nor the CSRF token) in FRAGMENT_CACHE under `fragment_key()`: the form's
    class, the language and the settings the fields read (`fragment_settings`). A form holding anything a visitor
    sent or typed (bound, or shown again with `initial`) has no key and is rendered in full."""

    fragment_settings: tuple[str, ...] = ()

    def fragment_key(self) -> str:
        if self.is_bound or self.initial:
            return ""
        values = ",".join(repr(getattr(settings, name)) for name in self.fragment_settings)
        return f"{type(self).__module__}.{type(self).__qualname__}:{get_language()}:{values}"


def over_limit(request, *, group: str, rate: str | None = None, key="ip", method="POST") -> bool:
    """Counts this request against the limit for `group` (e.g. "feedback") and says whether it is over.

    The rate is `settings.PUBLIC_FORM_RATE` unless given. By default it counts POSTs per address, which comes from
    batxat_portal.clientip (X-Forwarded-For is believed only behind TRUSTED_PROXY_COUNT proxies); `key` may be any
    django-ratelimit key (a signed-in kiosk counts per session), `method` ALL for look-ups by GET.
    """
    return is_ratelimited(request, group=f"public:{group}", key=key, rate=rate or settings.PUBLIC_FORM_RATE,
                          method=method, increment=True)


ALL_METHODS = is_ratelimited.ALL
