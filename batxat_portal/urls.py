from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from batxat_portal import calendar_views, public_forms, views
from batxat_portal.auth_views import RateLimitedPasswordResetView
from feedback.views import ratings as feedback_ratings

admin.site.site_header = "Bát Xát CBCC"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", RateLimitedPasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("lich-nghi/", calendar_views.CalendarListView.as_view(), name="calendar_list"),
    path("lich-nghi/them/", calendar_views.CalendarDayCreateView.as_view(), name="calendar_add"),
    path("lich-nghi/<int:pk>/sua/", calendar_views.CalendarDayUpdateView.as_view(), name="calendar_edit"),
    path("lich-nghi/<int:pk>/xoa/", calendar_views.CalendarDayDeleteView.as_view(), name="calendar_delete"),
    path("", include("staff.urls")),
    path("danh-gia/", include("evaluation.urls")),
    path("phan-anh/", include("feedback.urls")),
    path("dg/<str:code>/", feedback_ratings.short_redirect, name="rating_short"),  # printed under officers' QR codes
    path("captcha/", include(public_forms.captcha_urls())),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    from django.views import defaults

    # Lets a developer look at the error pages while DEBUG is on.
    urlpatterns += [
        path("_loi/403/", login_not_required(defaults.permission_denied), {"exception": Exception()}),
        path("_loi/404/", login_not_required(defaults.page_not_found), {"exception": Exception()}),
        path("_loi/500/", login_not_required(defaults.server_error)),
    ]
