"""Spreadsheets HR downloads: the staff list as filtered, the unit statistics report."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from batxat_portal.spreadsheets import Column, xlsx_response
from staff.choices import ETHNICITY_NAMES, Category, EducationLevel, Gender, PoliticalTheory


def staff_list_workbook(*, members, today):
    """The staff list exactly as filtered on screen, one row a person (streamed in batches)."""
    columns = [
        Column(_("Full name"), 28), Column(_("Date of birth"), 14), Column(_("Gender"), 8),
        Column(_("Ethnicity"), 12), Column(_("Identity card number"), 16), Column(_("Category"), 22),
        Column(_("Unit"), 36), Column(_("Job position"), 30), Column(_("Leadership title"), 24),
        Column(_("Rank"), 22), Column(_("Rank code"), 10), Column(_("Salary step"), 8),
        Column(_("Salary coefficient"), 10), Column(_("Next step due"), 14), Column(_("Education"), 22),
        Column(_("Field of study"), 24), Column(_("Political theory"), 18), Column(_("State management"), 22),
        Column(_("Recruited on"), 14), Column(_("Retirement date"), 14), Column(_("Status"), 16),
    ]
    rows = (
        [
            member.full_name, member.date_of_birth, member.get_gender_display(),
            ETHNICITY_NAMES.get(member.ethnicity, ""), member.id_number, member.get_category_display(),
            member.org_unit.name, member.position.name if member.position else "",
            member.get_leadership_title_display() if member.leadership_title else "",
            member.rank.name if member.rank else "", member.rank.code if member.rank else "",
            member.salary_step, member.salary_coefficient, member.next_step_due,
            member.get_education_level_display(), member.education_field, member.get_political_theory_display(),
            member.get_state_management_display(), member.joined_service_on, member.retirement_date,
            member.get_status_display(),
        ]
        for member in members.iterator(chunk_size=2000)
    )
    return xlsx_response(filename=f"danh-sach-can-bo-{today:%Y-%m-%d}.xlsx",
                         sheets=[(_("Staff"), columns, rows)])


AGE_BAND_LABELS = {"under30": gettext_lazy("Under 30"), "30-39": "30–39", "40-49": "40–49", "50-54": "50–54",
                   "55plus": gettext_lazy("55 and over")}


def _rolled_up(statistics: dict) -> tuple[list, dict]:
    """Departments folded into their agency: a province-wide report stays a page of agencies, not of offices."""
    from staff.models import OrgUnit

    ancestor_ids = {ancestor for unit in statistics["units"] for ancestor in unit.ancestor_ids}
    ancestors = OrgUnit.objects.in_bulk(ancestor_ids)
    agency_of = {}
    for unit in statistics["units"]:
        agency = unit
        for ancestor_id in reversed(unit.ancestor_ids):
            if agency.kind != OrgUnit.Kind.DEPARTMENT:
                break
            agency = ancestors.get(ancestor_id, agency)
        agency_of[unit.pk] = agency
    tables = {}
    for dimension, counts in statistics["tables"].items():
        rolled = {}
        for (unit_id, value), count in counts.items():
            key = (agency_of[unit_id].pk, value)
            rolled[key] = rolled.get(key, 0) + count
        tables[dimension] = rolled
    agencies = sorted({agency.pk: agency for agency in agency_of.values()}.values(), key=lambda unit: unit.path)
    return agencies, tables


def statistics_tables(statistics: dict, *, by_agency: bool = False) -> list[dict]:
    """The head counts as tables (one per dimension: units down, values across), for the page and Excel alike."""
    from staff.models import Rank

    units, counts_by_dimension = (_rolled_up(statistics) if by_agency
                                  else (statistics["units"], statistics["tables"]))

    ranks = list(Rank.objects.order_by("sort_order"))
    present_ethnicities = sorted({value for (_unit, value) in counts_by_dimension["ethnicity"]})
    columns = {
        "rank": [(rank.pk, rank.name) for rank in ranks] + [(None, gettext_lazy("No rank"))],
        "education_level": list(EducationLevel.choices),
        "political_theory": list(PoliticalTheory.choices),
        "age_band": list(AGE_BAND_LABELS.items()),
        "gender": list(Gender.choices),
        "ethnicity": [(code, ETHNICITY_NAMES.get(code, code)) for code in present_ethnicities],
        "category": list(Category.choices),
    }
    titles = {
        "rank": gettext_lazy("By rank"), "education_level": gettext_lazy("By education"),
        "political_theory": gettext_lazy("By political theory"), "age_band": gettext_lazy("By age"),
        "gender": gettext_lazy("By gender"), "ethnicity": gettext_lazy("By ethnicity"),
        "category": gettext_lazy("By category"),
    }
    tables = []
    for dimension, counts in counts_by_dimension.items():
        rows = []
        for unit in units:
            cells = [counts.get((unit.pk, value), 0) for value, _label in columns[dimension]]
            rows.append({"unit": unit, "cells": cells, "total": sum(cells)})
        totals = [sum(row["cells"][index] for row in rows) for index in range(len(columns[dimension]))]
        tables.append({"key": dimension, "title": titles[dimension], "columns": columns[dimension], "rows": rows,
                       "totals": totals, "total": sum(totals)})
    return tables


def statistics_workbook(*, tables: list[dict], as_of):
    """The same tables as the page, one sheet each."""
    sheets = []
    for table in tables:
        columns = [Column(_("Unit"), 40)] + [Column(str(label), 14) for _value, label in table["columns"]] + [
            Column(_("Total"), 10)]
        rows = [[row["unit"].name, *row["cells"], row["total"]] for row in table["rows"]]
        rows.append([_("All units"), *table["totals"], table["total"]])
        sheets.append((str(table["title"]), columns, rows))
    return xlsx_response(filename=f"thong-ke-can-bo-{as_of:%Y-%m-%d}.xlsx", sheets=sheets)
