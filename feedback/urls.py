from django.urls import path  # noqa: F401

app_name = "feedback"

urlpatterns = []

# --- public: what citizens send and follow (no account)

# --- handling: the handlers' queue and cases

# --- ratings: officers' links, QR codes, kiosks

# --- surveys

# --- ratios and exports
from feedback.views import ratios  # noqa: E402

urlpatterns += [
    path("ti-le/", ratios.RatiosView.as_view(), name="ratios"),
    path("ti-le/excel/", ratios.ratios_export, name="ratios_export"),
]
