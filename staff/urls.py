from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("don-vi/", views.OrgUnitListView.as_view(), name="orgunit_list"),
    path("don-vi/them/", views.OrgUnitCreateView.as_view(), name="orgunit_create"),
    path("don-vi/tim/", views.orgunit_search, name="orgunit_search"),
    path("don-vi/<int:pk>/", views.OrgUnitDetailView.as_view(), name="orgunit_detail"),
    path("don-vi/<int:pk>/sua/", views.OrgUnitUpdateView.as_view(), name="orgunit_edit"),
    path("tai-khoan/", views.UserListView.as_view(), name="user_list"),
    path("tai-khoan/them/", views.UserCreateView.as_view(), name="user_create"),
    path("tai-khoan/<int:pk>/sua/", views.UserUpdateView.as_view(), name="user_edit"),
    path("tai-khoan/<int:pk>/mo-khoa/", views.user_unlock, name="user_unlock"),
    path("tai-khoan/tim/", views.user_search, name="user_search"),
    path("tai-khoan-cua-toi/", views.AccountView.as_view(), name="account"),
    path("can-bo/", views.StaffListView.as_view(), name="staff_list"),
    path("can-bo/xuat-excel/", views.staff_export, name="staff_export"),
    path("can-bo/them/", views.StaffCreateView.as_view(), name="staff_create"),
    path("can-bo/du-bao/", views.ForecastView.as_view(), name="forecast"),
    path("can-bo/thong-ke/", views.StatisticsView.as_view(), name="statistics"),
    path("can-bo/nhap-excel/", views.ImportView.as_view(), name="import"),
    path("can-bo/nhap-excel/mau/", views.import_template, name="import_template"),
    path("can-bo/nhap-excel/<int:pk>/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("can-bo/<int:pk>/", views.StaffDetailView.as_view(), name="staff_detail"),
    path("can-bo/<int:pk>/sua/", views.StaffUpdateView.as_view(), name="staff_edit"),
    path("can-bo/<int:pk>/<slug:kind>/them/", views.RecordFormView.as_view(), name="record_create"),
    path("can-bo/<int:pk>/<slug:kind>/<int:record_pk>/sua/", views.RecordFormView.as_view(), name="record_edit"),
    path("can-bo/<int:pk>/<slug:kind>/<int:record_pk>/xoa/", views.RecordDeleteView.as_view(),
         name="record_delete"),
    path("ho-so-cua-toi/", views.MyFileView.as_view(), name="my_file"),
    path("ho-so-cua-toi/de-nghi-sua/", views.CorrectionRequestCreateView.as_view(), name="correction_create"),
    path("de-nghi-sua-ho-so/", views.CorrectionListView.as_view(), name="correction_list"),
    path("de-nghi-sua-ho-so/<int:pk>/", views.CorrectionDecideView.as_view(), name="correction_decide"),
    path("ngach/", views.RankListView.as_view(), name="rank_list"),
    path("ngach/<int:pk>/sua/", views.RankUpdateView.as_view(), name="rank_edit"),
    path("vi-tri-viec-lam/", views.PositionListView.as_view(), name="position_list"),
    path("vi-tri-viec-lam/tim/", views.position_search, name="position_search"),
    path("vi-tri-viec-lam/them/", views.PositionCreateView.as_view(), name="position_create"),
    path("vi-tri-viec-lam/<int:pk>/sua/", views.PositionUpdateView.as_view(), name="position_edit"),
]
