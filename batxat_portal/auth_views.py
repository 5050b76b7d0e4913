from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit


@method_decorator(
    ratelimit(key="ip", rate=lambda group, request: settings.PASSWORD_RESET_RATE, method="POST", block=False),
    name="post",
)
class RateLimitedPasswordResetView(PasswordResetView):
    """The reset form is public: a few requests an hour per address, so nobody floods mailboxes."""

    def form_valid(self, form):
        if getattr(self.request, "limited", False):
            form.add_error(None, _("Too many requests from your address. Please wait an hour and try again."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
