import pytest
from django.test import Client
from django.urls import path, reverse

from batxat_portal.urls import urlpatterns as portal_urls


def boom(request):
    raise RuntimeError("test")


urlpatterns = [*portal_urls, path("boom/", boom)]


def test_a_missing_page_is_a_vietnamese_404(client, staff_member):
    client.force_login(staff_member)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_refused_page_is_a_vietnamese_403(client, staff_member):
    client.force_login(staff_member)
    response = client.get(reverse("staff:user_list"))
    assert response.status_code == 403
    assert "Bạn không được phép mở trang này" in response.content.decode()


@pytest.mark.urls("batxat_portal.tests.test_error_pages")
def test_a_server_error_is_a_vietnamese_500(db, staff_member):
    client = Client(raise_request_exception=False)
    client.force_login(staff_member)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Đã có lỗi ở phía chúng tôi" in response.content.decode()


def test_a_form_without_its_csrf_token_is_refused_with_a_vietnamese_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_dates_are_shown_day_month_year(client, staff_member):
    from datetime import date

    from django.utils import formats, translation

    for language in ("vi", "en"):
        with translation.override(language):
            assert formats.date_format(date(2025, 7, 1), "SHORT_DATE_FORMAT") == "01/07/2025"
