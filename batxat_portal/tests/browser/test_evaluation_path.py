"""The whole evaluation path in a browser: a head records work and its review, the person reports it done and
assesses themselves, the head proposes, the leader approves a set that respects the quota. Every page passes axe."""

from datetime import date
from decimal import Decimal

import pytest

from batxat_portal.tests.browser.conftest import axe_violations
from batxat_portal.tests.browser.test_sign_in import menu_pages, sign_in
from staff.models import OrgUnit, User
from staff.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(demo):
    """Six people of one task group; months 1–10 are already scored, month 11 is tracked in the browser."""
    from evaluation import services
    from evaluation.models import PeriodScore, TaskGroup

    department = OrgUnit.objects.get(code="02683-VHXH")
    hr = User.objects.get(username="tochuc")
    year = services.evaluation_year_open(agency=department.parent, year=2026, period_kind="monthly", user=hr)
    people = [StaffMemberFactory(full_name=name, org_unit=department, joined_service_on=date(2015, 1, 1))
              for name in ("Nguyễn Văn Ánh", "Lò Văn Pao", "Tẩn Thị Mai", "Phàn Văn Sài", "Lý Thị Dung",
                           "Vàng A Chứ")]
    people[0].user = User.objects.get(username="congchuc")
    people[0].save()
    services.task_group_save(group=TaskGroup(evaluation_year=year), members=people, name="Chuyên viên",
                             description="")
    for period in year.periods.filter(number__lte=10):
        for index, person in enumerate(people):
            total = Decimal(95 if index == 0 else 85)
            PeriodScore.objects.create(period=period, staff_member=person, task_points=total - 28,
                                       general_points=Decimal(28), total=total)
    return year, people


def test_work_review_self_assessment_proposal_and_a_quota_respecting_approval(page, team):
    from evaluation import services
    from evaluation.models import YearResult

    year, people = team
    period = year.periods.get(number=11)

    # The head assigns a work product for November.
    sign_in(page, "truongphong")
    page.goto(f"/danh-gia/ky/{period.pk}/")
    page.get_by_text("Giao sản phẩm công việc").click()
    page.locator("#id_staff_member").select_option(label="Nguyễn Văn Ánh")
    page.locator("#id_title").fill("Báo cáo công tác văn hóa tháng 11")
    page.get_by_role("button", name="Giao việc").click()
    page.wait_for_url(f"**/danh-gia/ky/{period.pk}/")
    assert "Báo cáo công tác văn hóa tháng 11" in page.content()
    assert axe_violations(page) == []
    page.context.clear_cookies()

    # The person reports it done.
    sign_in(page, "congchuc")
    page.goto("/danh-gia/cong-viec-cua-toi/")
    page.get_by_role("button", name="Báo hoàn thành").click()
    page.wait_for_url("**/danh-gia/cong-viec-cua-toi/")
    assert axe_violations(page) == []
    page.context.clear_cookies()

    # The head records that it meets the standard and scores the general criteria.
    sign_in(page, "truongphong")
    page.goto(f"/danh-gia/ky/{period.pk}/")
    page.get_by_label("Kết quả").select_option("1")
    page.get_by_role("button", name="Ghi nhận").click()
    page.wait_for_url(f"**/danh-gia/ky/{period.pk}/")
    section = page.get_by_role("region", name="Nguyễn Văn Ánh")
    section.get_by_label("Điểm tiêu chí chung (tối đa 30)").fill("30")
    section.get_by_role("button", name="Lưu điểm").click()
    page.wait_for_url(f"**/danh-gia/ky/{period.pk}/")
    assert axe_violations(page) == []
    page.context.clear_cookies()

    # HR brings the year's results up to date from the file and the scores.
    services.year_results_refresh(evaluation_year=year)
    mine = YearResult.objects.get(staff_member=people[0])
    assert mine.allowed_level == "htxsnv"

    # The person writes the self-assessment and proposes a level.
    sign_in(page, "congchuc")
    page.goto("/danh-gia/cong-viec-cua-toi/")
    page.get_by_role("link", name="Viết bản tự đánh giá").click()
    page.wait_for_url(f"**/danh-gia/tu-danh-gia/{mine.pk}/")
    assert axe_violations(page) == []
    page.get_by_label("Tự đánh giá").fill("Hoàn thành đầy đủ, đúng hạn các nhiệm vụ được giao.")
    page.get_by_label("Mức tôi tự đề xuất").select_option("htxsnv")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/danh-gia/cong-viec-cua-toi/")
    assert "Đã lưu bản tự đánh giá của bạn." in page.content()
    page.context.clear_cookies()

    # The head proposes "excellent" for one person, citing the minutes; the five others are proposed "good".
    for person in people[1:]:
        services.head_propose(result=YearResult.objects.get(staff_member=person), level="httnv",
                              minutes_reference="BB 12/2026")
    sign_in(page, "truongphong")
    page.goto(f"/danh-gia/nam/{year.pk}/de-xuat/")
    page.locator(f"#level-{mine.pk}").select_option("htxsnv")
    page.locator(f"#minutes-{mine.pk}").fill("Biên bản số 12 ngày 05/12/2026")
    page.locator(f"#level-{mine.pk}").locator("xpath=..").get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/danh-gia/nam/{year.pk}/de-xuat/")
    assert axe_violations(page) == []
    page.context.clear_cookies()

    # The leader sees one "excellent" within the quota of the group (20% of five "good") and approves the set.
    sign_in(page, "lanhdao")
    page.goto(f"/danh-gia/nam/{year.pk}/ket-qua/")
    group = page.get_by_role("region", name="Chuyên viên")
    assert "trong tỷ lệ" in group.inner_text()
    assert axe_violations(page) == []
    group.get_by_role("button", name="Phê duyệt nhóm này").click()
    page.wait_for_url(f"**/danh-gia/nam/{year.pk}/ket-qua/")
    assert "Đã phê duyệt 6 kết quả." in page.content()
    mine.refresh_from_db()
    assert (mine.status, mine.approved_level, mine.self_level) == ("approved", "htxsnv", "htxsnv")
    assert YearResult.objects.filter(evaluation_year=year, approved_level="httnv").count() == 5


def test_the_set_up_and_closing_pages_pass_axe(page, team):
    from django.urls import reverse

    from evaluation import services
    from evaluation.models import YearResult

    year, people = team
    services.year_results_refresh(evaluation_year=year)
    result = YearResult.objects.get(staff_member=people[1])
    january = year.periods.get(number=1)
    sign_in(page, "tochuc")
    for url in (reverse("evaluation:year_detail", kwargs={"pk": year.pk}),
                reverse("evaluation:criteria_edit", kwargs={"pk": year.pk}),
                reverse("evaluation:taskgroup_update", kwargs={"pk": year.pk, "group": result.task_group_id}),
                reverse("evaluation:period_close", kwargs={"pk": january.pk}),
                reverse("evaluation:year_close", kwargs={"pk": year.pk}),
                reverse("evaluation:result_inputs", kwargs={"pk": result.pk})):
        page.goto(url)
        assert page.locator("h1").is_visible(), url
        assert axe_violations(page) == [], url


def test_a_year_with_nothing_proposed_says_what_is_missing_and_offers_no_approval(page, team):
    """HR brings an unfinished year's results up to date and is told what is missing, not that people were updated;
    the leader sees per person what is missing and is offered neither approval nor publication, with the reason; the
    deadlines page counts everyone as outstanding."""
    from evaluation.models import YearResult

    year, people = team
    sign_in(page, "tochuc")
    page.goto(f"/danh-gia/nam/{year.pk}/thoi-han/")
    assert "6 người trong đơn vị của bạn chưa có kết quả của năm" in page.get_by_test_id("without-result").inner_text()
    assert "Không có việc" not in page.content()
    assert axe_violations(page) == []
    page.goto(f"/danh-gia/nam/{year.pk}/ket-qua/")
    page.get_by_role("button", name="Cập nhật kết quả").click()
    page.wait_for_url(f"**/danh-gia/nam/{year.pk}/ket-qua/")
    content = page.content()
    assert "Đã cập nhật 6 kết quả từ hồ sơ cán bộ. Trong đó 6 kết quả có điểm năm." in content
    assert "12 kỳ của năm chưa đóng" in content and "6 người chưa viết bản tự kiểm điểm" in content
    assert axe_violations(page) == []
    page.context.clear_cookies()

    sign_in(page, "lanhdao")
    page.goto(f"/danh-gia/nam/{year.pk}/ket-qua/")
    missing = page.get_by_test_id("missing")
    assert "Chưa xong: 6 người còn tồn đọng" in missing.inner_text()
    assert "6 người chưa có đề xuất của người đứng đầu đơn vị" in missing.inner_text()
    mine = YearResult.objects.get(staff_member=people[0])
    row = page.get_by_test_id(f"missing-{mine.pk}").inner_text()
    assert "12 kỳ của năm chưa đóng" in row and "chưa có bản tự kiểm điểm" in row
    assert "chưa có đề xuất của người đứng đầu đơn vị" in row and "chưa có điểm năm" not in row
    group = page.get_by_role("region", name="Chuyên viên")
    assert group.get_by_role("button", name="Phê duyệt nhóm này").count() == 0
    assert "Chưa có gì để phê duyệt: 6/6 người chưa có đề xuất" in group.inner_text()
    assert page.get_by_role("button", name="Công khai kết quả đã phê duyệt và gửi thông báo").count() == 0
    assert "Chưa có gì để công khai" in page.get_by_test_id("publish-why").inner_text()
    assert axe_violations(page) == []
    page.goto(f"/danh-gia/nam/{year.pk}/thoi-han/")
    assert "6 kết quả chưa xong" in page.content()
    assert "chưa có bản tự kiểm điểm" in page.get_by_test_id(f"missing-{mine.pk}").inner_text()
    assert axe_violations(page) == []


def test_a_staff_member_reaches_the_self_review_from_the_menu(page, team):
    from evaluation import services
    from evaluation.models import YearResult

    year, people = team
    services.year_results_refresh(evaluation_year=year)
    mine = YearResult.objects.get(staff_member=people[0])
    sign_in(page, "congchuc")
    assert "evaluation:my_self_review" in menu_pages(page)
    page.goto(page.locator("[data-menu='evaluation:my_self_review']").get_attribute("href"))
    page.wait_for_url(f"**/danh-gia/tu-danh-gia/{mine.pk}/")
    assert page.get_by_label("Tự đánh giá").is_visible()
    assert axe_violations(page) == []
