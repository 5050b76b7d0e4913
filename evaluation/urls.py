from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.YearListView.as_view(), name="year_list"),
    path("mo-nam/", views.YearCreateView.as_view(), name="year_create"),
    path("nam/<int:pk>/", views.YearDetailView.as_view(), name="year_detail"),
    path("nam/<int:pk>/nhom/them/", views.TaskGroupCreateView.as_view(), name="taskgroup_create"),
    path("ky/<int:pk>/", views.PeriodTrackingView.as_view(), name="period_tracking"),
    path("ky/<int:pk>/cham-diem/", views.general_points, name="general_points"),
    path("san-pham/<int:pk>/danh-gia/", views.work_item_review, name="work_item_review"),
    path("san-pham/<int:pk>/hoan-thanh/", views.work_item_done, name="work_item_done"),
    path("cong-viec-cua-toi/", views.MyWorkView.as_view(), name="my_work"),
    path("nam/<int:pk>/ket-qua/", views.ResultsView.as_view(), name="results"),
    path("nam/<int:pk>/ket-qua/excel/", views.results_export, name="results_export"),
    path("canh-bao/", views.AlertsView.as_view(), name="alerts"),
    path("cong-khai/", views.PublishedResultsView.as_view(), name="published"),
    path("nam/<int:pk>/thoi-han/", views.DeadlineView.as_view(), name="deadline"),
    path("nam/<int:pk>/de-xuat/", views.HeadProposalView.as_view(), name="head_proposals"),
    path("tu-danh-gia/<int:pk>/", views.SelfAssessmentView.as_view(), name="self_assessment"),
    path("tu-danh-gia/<int:pk>/khieu-nai/", views.appeal_create, name="appeal_create"),
    path("khieu-nai/", views.AppealListView.as_view(), name="appeal_list"),
    path("khieu-nai/<int:pk>/quyet-dinh/", views.appeal_decide, name="appeal_decide"),
]
