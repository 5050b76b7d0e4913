from django.urls import path  # noqa: F401

app_name = "feedback"

urlpatterns = []

# --- public: what citizens send and follow (no account)
from feedback.views import public  # noqa: E402

urlpatterns += [
    path("gui/", public.feedback_send, name="public_send"),
    path("gui/da-gui/", public.feedback_sent, name="public_sent"),
    path("gui/tim-don-vi/", public.unit_search, name="public_unit_search"),
    path("gui/tim-can-bo/", public.officer_search, name="public_officer_search"),
    path("tra-cuu/", public.feedback_track, name="public_track"),
    path("tra-cuu/danh-gia/", public.feedback_rate, name="public_rate"),
    path("tra-cuu/bo-sung/", public.feedback_add_info, name="public_add_info"),
]

# --- handling: the handlers' queue and cases

# --- ratings: officers' links, QR codes, kiosks

# --- surveys

# --- ratios and exports
from feedback.views import ratios  # noqa: E402

urlpatterns += [
    path("ti-le/", ratios.RatiosView.as_view(), name="ratios"),
    path("ti-le/excel/", ratios.ratios_export, name="ratios_export"),
]
