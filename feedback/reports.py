"""The QĐ 766 ratios as an Excel workbook: the same tables as the page, every row.

Only counts and officers' names: a ratio is an aggregate, so no citizen's name or contact can appear in it.
"""

from django.utils.translation import gettext as _

from batxat_portal.spreadsheets import Column, xlsx_response


def _count_cells(counts) -> list:
    return [counts.on_time_percent, counts.on_time, counts.settled_within, counts.open,
            counts.feedback_percent, counts.cases_ok, counts.cases,
            counts.procedure_percent, counts.files_ok, counts.files, counts.ratings]


def ratios_workbook(*, rows, totals, officers, start, end, unit):
    columns = [Column(_("Unit"), 36), Column(_("Code"), 14), Column(_("Month"), 10),
               Column(_("On-time handling (percent)"), 14), Column(_("Handled on time"), 12),
               Column(_("Settled or overdue, within competence"), 16), Column(_("Open, not yet due"), 12),
               Column(_("Feedback satisfaction (percent)"), 14), Column(_("Feedback not dissatisfied or overdue"), 14),
               Column(_("All feedback"), 12), Column(_("Procedure satisfaction (percent)"), 14),
               Column(_("Files without complaint"), 12), Column(_("Files rated"), 12),
               Column(_("Ratings"), 10)]
    table = [[row.unit.name, row.unit.code, f"{row.month:%m/%Y}", *_count_cells(row)] for row in rows]
    table.append([_("All units"), "", "", *_count_cells(totals)])
    officer_columns = [Column(_("Officer"), 30), Column(_("Unit"), 36), Column(_("Ratings"), 10),
                       Column(_("Satisfied"), 10), Column(_("Satisfaction (percent)"), 14)]
    officer_table = [[row["full_name"], row["unit_name"], row["ratings"], row["satisfied"], row["percent"]]
                     for row in officers]
    code = unit.code if unit is not None else "tat-ca"
    return xlsx_response(filename=f"ti-le-qd766-{code}-{start:%Y%m}-{end:%Y%m}.xlsx",
                         sheets=[(_("By unit and month"), columns, table), (_("Officers"), officer_columns,
                                                                              officer_table)])
