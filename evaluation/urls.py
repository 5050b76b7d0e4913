from django.urls import path

from evaluation.views import paper, setup, tracking, year_end

app_name = "evaluation"

urlpatterns = [
    path("", tracking.YearListView.as_view(), name="year_list"),
    path("mo-nam/", tracking.YearCreateView.as_view(), name="year_create"),
    path("nam/<int:pk>/", tracking.YearDetailView.as_view(), name="year_detail"),
    path("nam/<int:pk>/nhom/them/", tracking.TaskGroupCreateView.as_view(), name="taskgroup_create"),
    path("nam/<int:pk>/nhom/<int:group>/", tracking.TaskGroupUpdateView.as_view(), name="taskgroup_update"),
    path("nam/<int:pk>/tieu-chi/", setup.CriteriaEditView.as_view(), name="criteria_edit"),
    path("nam/<int:pk>/dong/", setup.YearCloseView.as_view(), name="year_close"),
    path("ky/<int:pk>/dong/", setup.PeriodCloseView.as_view(), name="period_close"),
    path("ky/<int:pk>/mo-lai/", setup.PeriodReopenView.as_view(), name="period_reopen"),
    path("ky/<int:pk>/", tracking.PeriodTrackingView.as_view(), name="period_tracking"),
    path("ky/<int:pk>/cham-diem/", tracking.general_points, name="general_points"),
    path("san-pham/<int:pk>/danh-gia/", tracking.work_item_review, name="work_item_review"),
    path("san-pham/<int:pk>/hoan-thanh/", tracking.work_item_done, name="work_item_done"),
    path("cong-viec-cua-toi/", tracking.MyWorkView.as_view(), name="my_work"),
    path("nam/<int:pk>/ket-qua/", year_end.ResultsView.as_view(), name="results"),
    path("nam/<int:pk>/ket-qua/excel/", year_end.results_export, name="results_export"),
    path("ket-qua/<int:pk>/dau-vao/", year_end.ResultInputsView.as_view(), name="result_inputs"),
    path("canh-bao/", year_end.AlertsView.as_view(), name="alerts"),
    path("cong-khai/", year_end.PublishedResultsView.as_view(), name="published"),
    path("nam/<int:pk>/thoi-han/", year_end.DeadlineView.as_view(), name="deadline"),
    path("nam/<int:pk>/de-xuat/", year_end.HeadProposalView.as_view(), name="head_proposals"),
    path("bien-ban/<int:pk>/", year_end.minutes_file, name="minutes_file"),
    path("tu-danh-gia/", year_end.MySelfReviewView.as_view(), name="my_self_review"),
    path("tu-danh-gia/<int:pk>/", year_end.SelfAssessmentView.as_view(), name="self_assessment"),
    path("ket-qua/<int:pk>/phieu.pdf", paper.result_pdf, name="result_pdf"),
    path("tu-danh-gia/<int:pk>/khieu-nai/", year_end.appeal_create, name="appeal_create"),
    path("khieu-nai/", year_end.AppealListView.as_view(), name="appeal_list"),
    path("khieu-nai/<int:pk>/quyet-dinh/", year_end.appeal_decide, name="appeal_decide"),
]

# 360-degree reviews
from evaluation.views import reviews  # noqa: E402

urlpatterns += [
    path("360/", reviews.ReviewListView.as_view(), name="review_list"),
    path("360/them/", reviews.ReviewCreateView.as_view(), name="review_create"),
    path("360/tim-nguoi/", reviews.review_subject_search, name="review_subject_search"),
    path("360/<int:pk>/", reviews.ReviewDetailView.as_view(), name="review_detail"),
    path("360/<int:pk>/tim-nguoi-danh-gia/", reviews.review_reviewer_search, name="review_reviewer_search"),
    path("360/<int:pk>/ket-qua/", reviews.ReviewReportView.as_view(), name="review_report"),
    path("360/<int:pk>/ket-qua/excel/", reviews.review_report_export, name="review_report_export"),
    path("360/cua-toi/", reviews.MyReviewsView.as_view(), name="review_mine"),
    path("360/tra-loi/<int:pk>/", reviews.ReviewAnswerView.as_view(), name="review_answer"),
    path("360/bo-cau-hoi/", reviews.QuestionSetListView.as_view(), name="question_set_list"),
    path("360/bo-cau-hoi/them/", reviews.question_set_create, name="question_set_create"),
    path("360/bo-cau-hoi/mac-dinh/", reviews.question_set_defaults, name="question_set_defaults"),
    path("360/bo-cau-hoi/<int:pk>/", reviews.QuestionSetDetailView.as_view(), name="question_set_detail"),
]
