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
    path("tra-cuu/ho-so/", public.feedback_track_case, name="public_track_case"),
    path("tra-cuu/danh-gia/", public.feedback_rate, name="public_rate"),
    path("tra-cuu/bo-sung/", public.feedback_add_info, name="public_add_info"),
]

# --- handling: the handlers' queue and cases
from feedback.views import handling  # noqa: E402

urlpatterns += [
    path("xu-ly/", handling.QueueView.as_view(), name="queue"),
    path("xu-ly/<int:pk>/", handling.CaseView.as_view(), name="case"),
    path("xu-ly/<int:pk>/tep/<int:attachment>/", handling.attachment_download, name="case_attachment"),
    path("xu-ly/tim-don-vi/", handling.unit_search, name="handling_unit_search"),
    path("xu-ly/tim-can-bo/", handling.officer_search, name="handling_officer_search"),
]

# --- ratings: officers' links, QR codes, kiosks
from feedback.views import ratings  # noqa: E402

urlpatterns += [
    path("danh-gia/<str:code>/", ratings.rate, name="rate"),
    path("danh-gia/<str:code>/cam-on/", ratings.rate_thanks, name="rate_thanks"),
    path("kiosk/quay/<int:unit>/", ratings.kiosk_desk, name="kiosk_desk"),
    path("kiosk/<str:code>/", ratings.kiosk, name="kiosk"),
    path("kiosk/<str:code>/cam-on/", ratings.kiosk_thanks, name="kiosk_thanks"),
    path("can-bo/", ratings.RatingLinkListView.as_view(), name="ratinglink_list"),
    path("can-bo/tim-don-vi/", ratings.ratinglink_unit_search, name="ratinglink_unit_search"),
    path("can-bo/tao-lien-ket/", ratings.ratinglinks_create_missing, name="ratinglinks_create_missing"),
    path("can-bo/the-in/", ratings.ratinglink_cards, name="ratinglink_cards"),
    path("can-bo/<int:pk>/", ratings.RatingLinkDetailView.as_view(), name="ratinglink_detail"),
    path("can-bo/<int:pk>/the/", ratings.ratinglink_card, name="ratinglink_card"),
    path("danh-gia-cua-toi/", ratings.MyRatingsView.as_view(), name="rating_mine"),
]

# --- surveys
from feedback.views import surveys  # noqa: E402

urlpatterns += [
    path("khao-sat/", surveys.survey_public_list, name="survey_public_list"),
    path("khao-sat/<str:code>/", surveys.survey_answer, name="survey_answer"),
    path("khao-sat/<str:code>/cam-on/", surveys.survey_thanks, name="survey_thanks"),
    path("quan-ly-khao-sat/", surveys.SurveyListView.as_view(), name="survey_list"),
    path("quan-ly-khao-sat/them/", surveys.SurveyCreateView.as_view(), name="survey_create"),
    path("quan-ly-khao-sat/<int:pk>/", surveys.SurveyDetailView.as_view(), name="survey_detail"),
    path("quan-ly-khao-sat/<int:pk>/ket-qua/", surveys.SurveyResultsView.as_view(), name="survey_results"),
    path("quan-ly-khao-sat/<int:pk>/ket-qua/excel/", surveys.survey_results_export, name="survey_export"),
    path("quan-ly-khao-sat/<int:pk>/the/", surveys.survey_card, name="survey_card"),
]

# --- ratios and exports
from feedback.views import ratios  # noqa: E402

urlpatterns += [
    path("ti-le/", ratios.RatiosView.as_view(), name="ratios"),
    path("ti-le/excel/", ratios.ratios_export, name="ratios_export"),
]
