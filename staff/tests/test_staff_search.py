"""The staff name search: the start of any word of the name, without diacritics, read page by page from indexes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staff import selectors
from staff.models import StaffMember
from staff.models.people import NAME_KEYS, name_search_keys
from staff.tests.factories import StaffMemberFactory

NAMES = ["Nguyễn Văn An", "Lò Văn Anh", "Văn Thị Lan", "Trần Thị Thu Hà", "Tôn Nữ Thị Hồng Vân",
         "Hoàng An An", "Nguyễn Thị Hoa", "Giàng A Páo"]


@pytest.fixture
def named(tree):
    return {name: StaffMemberFactory(full_name=name, org_unit=tree["dept_a"]) for name in NAMES}


def _found(user, q, **filters):
    return [member.full_name for member in selectors.staff_page_for(user=user, filters={"q": q, **filters})]


def test_the_name_keys_hold_the_name_from_each_word():
    assert name_search_keys("Nguyễn  Văn An") == {
        "search_key": "nguyen van an", "search_key_2": "van an", "search_key_3": "an", "search_key_4": "",
        "search_key_last": ""}
    assert name_search_keys("Tôn Nữ Thị Hồng Vân")["search_key_4"] == "hong van"
    assert name_search_keys("Tôn Nữ Thị Hồng Vân")["search_key_last"] == "van"
    assert name_search_keys("") == {"search_key": "", "search_key_2": "", "search_key_3": "", "search_key_4": "",
                                    "search_key_last": ""}


def test_a_search_finds_the_words_that_start_with_what_was_typed(system_admin, named):
    assert _found(system_admin, "nguyen van") == ["Nguyễn Văn An"]
    assert _found(system_admin, "NGUYỄN văn a") == ["Nguyễn Văn An"]
    # From any word: the given name, the middle name with the given name after it.
    assert _found(system_admin, "van an") == ["Nguyễn Văn An", "Lò Văn Anh"]
    assert _found(system_admin, "hong van") == ["Tôn Nữ Thị Hồng Vân"]
    # Typing the start of a word finds it; the middle of a word does not.
    assert _found(system_admin, "guyen") == []
    assert _found(system_admin, "ho") == ["Nguyễn Thị Hoa", "Hoàng An An", "Tôn Nữ Thị Hồng Vân"]


def test_the_matching_part_orders_the_list_and_each_person_shows_once(system_admin, named):
    # Everyone called An (or with a word An) before those called Anh; the full name orders the ties.
    assert _found(system_admin, "an") == ["Hoàng An An", "Nguyễn Văn An", "Lò Văn Anh"]
    # Z to A reads the same keys backwards: Hoàng An An is met first at "an an".
    assert _found(system_admin, "an", sort="-name") == ["Lò Văn Anh", "Hoàng An An", "Nguyễn Văn An"]
    assert _found(system_admin, "van") == ["Tôn Nữ Thị Hồng Vân", "Nguyễn Văn An", "Lò Văn Anh", "Văn Thị Lan"]


def test_wildcards_typed_in_the_search_are_plain_characters(system_admin, named):
    assert _found(system_admin, "%") == []
    assert _found(system_admin, "_") == []
    assert _found(system_admin, "n%") == []


def test_the_search_and_the_export_find_the_same_people(system_admin, named):
    for q in ["an", "van", "thi", "ho", "nguyen van", "a", "x"]:
        listed = set(_found(system_admin, q))
        exported = {member.full_name for member in selectors.staff_list_for(user=system_admin, filters={"q": q})}
        assert listed == exported, q


def test_the_other_filters_and_sorts_still_apply_to_a_search(system_admin, named, tree):
    StaffMemberFactory(full_name="Nguyễn Văn Ánh", org_unit=tree["dept_b"])
    assert _found(system_admin, "nguyen van a", unit=tree["agency_b"]) == ["Nguyễn Văn Ánh"]
    assert _found(system_admin, "van", sort="birth") == sorted(
        _found(system_admin, "van"), key=lambda name: (StaffMember.objects.get(full_name=name).date_of_birth,
                                                       StaffMember.objects.get(full_name=name).pk))


def test_a_search_is_scoped_to_the_persons_units(hr_officer, named, tree):
    StaffMemberFactory(full_name="Nguyễn Văn Bình", org_unit=tree["dept_b"])
    assert _found(hr_officer, "nguyen van") == ["Nguyễn Văn An"]


def test_the_pages_of_a_search_hold_every_match_once_in_order(system_admin, tree):
    for index in range(23):
        StaffMemberFactory(full_name=f"Lê Văn Nam {index:02d}", org_unit=tree["dept_a"])
        StaffMemberFactory(full_name=f"Nam Văn Lê {index:02d}", org_unit=tree["dept_a"])
    seen, page = [], 1
    while True:
        found = selectors.staff_page_for(user=system_admin, filters={"q": "nam"}, page=page, per_page=10)
        seen += [member.full_name for member in found]
        if not found.has_next:
            break
        page += 1
    assert page == 5 and len(seen) == 46 and len(set(seen)) == 46
    # "nam 00" (the last word of Lê Văn Nam 00) comes before "nam van le 00" (the first of Nam Văn Lê 00).
    assert seen == [f"Lê Văn Nam {index:02d}" for index in range(23)] + [
        f"Nam Văn Lê {index:02d}" for index in range(23)]


def test_the_list_counts_nothing_and_a_search_page_runs_a_fixed_number_of_queries(
        client, hr_officer, tree, django_assert_max_num_queries):
    for index in range(60):
        StaffMemberFactory(full_name=f"Nguyễn Văn Thử {index}", org_unit=tree["dept_a"])
    client.force_login(hr_officer)
    for params in ({}, {"q": "nguyen van"}, {"q": "van thu", "page": "2"}, {"q": "thu", "sort": "birth"}):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("staff:staff_list"), params)
        assert response.status_code == 200
        assert not [query for query in captured if "COUNT(" in query["sql"].upper()], params
        # Seven for any list page, and a search reads its five name keys (one UNION on PostgreSQL) and its rows.
        with django_assert_max_num_queries(13 if connection.vendor == "sqlite" else 9):
            client.get(reverse("staff:staff_list"), params)
    page = client.get(reverse("staff:staff_list"), {"q": "van thu", "page": "2"})
    assert len(page.context["object_list"]) == 10 and "Dòng 51–60" in page.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index plan is PostgreSQL's")
def test_on_postgresql_each_name_key_is_read_from_its_index_in_order(system_admin, named):
    from django.db.models import F

    from staff.selectors import _in_byte_order, _starts_with

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: can the index serve, whatever it costs
    for key in NAME_KEYS:
        plan = (StaffMember.objects.filter(_starts_with(key, "van"))
                .order_by(_in_byte_order(key), _in_byte_order("search_key"), F("id"))[:51].explain())
        assert f"staff_name_{key}" in plan and "Sort" not in plan, plan


def test_a_row_of_the_list_shows_the_person_escaped_with_their_title_rank_and_status(client, hr_officer, tree):
    from datetime import date

    from staff.tests.factories import rank

    member = StaffMemberFactory(full_name="Lò <b>Văn</b> Sinh", org_unit=tree["dept_a"], rank=rank(), salary_step=3,
                                leadership_title="head", date_of_birth=date(1980, 2, 1))
    client.force_login(hr_officer)
    page = client.get(reverse("staff:staff_list")).content.decode()
    row = page.split(f'href="{reverse("staff:staff_detail", kwargs={"pk": member.pk})}"')[1].split("</tr>")[0]
    assert "Lò &lt;b&gt;Văn&lt;/b&gt; Sinh" in row and "<b>" not in row
    assert "Trưởng phòng" in row and "01/02/1980" in row and "Phòng Văn hóa - Xã hội" in row
    assert f"{rank().name}, bậc 3" in row and "Đang công tác" in row and ">—<" in row  # no position


def test_the_filters_keep_what_was_chosen_and_say_what_is_wrong(client, hr_officer, tree):
    from staff.tests.factories import rank

    client.force_login(hr_officer)
    page = client.get(reverse("staff:staff_list"), {"rank": rank().pk, "education_level": "4", "q": "an"})
    html = page.content.decode()
    assert f'<option value="{rank().pk}" selected>' in html and '<option value="4" selected>' in html
    assert 'name="q" value="an"' in html and '<label for="id_rank" class="form-label">Ngạch</label>' in html
    wrong = client.get(reverse("staff:staff_list"), {"rank": "999999"}).content.decode()
    assert 'class="form-select is-invalid"' in wrong and 'class="invalid-feedback d-block"' in wrong
