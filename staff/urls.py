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
    path("tai-khoan-cua-toi/", views.AccountView.as_view(), name="account"),
]
