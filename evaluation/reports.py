from django.utils.translation import gettext as _

from batxat_portal.spreadsheets import Column, xlsx_response


def results_workbook(*, evaluation_year, summary):
    """The agency's year results, one row a person, grouped by task group."""
    columns = [Column(_("Full name"), 28), Column(_("Unit"), 32), Column(_("Task group"), 22),
               Column(_("Year score"), 10), Column(_("The rules allow"), 26), Column(_("Self"), 26),
               Column(_("Head"), 26), Column(_("Meeting minutes"), 20), Column(_("Approved"), 26)]
    rows = [
        [result.staff_member.full_name, result.staff_member.org_unit.name,
         entry.task_group.name if entry.task_group else _("People outside any group"), result.year_score,
         result.get_allowed_level_display(), result.get_self_level_display(), result.get_head_level_display(),
         result.minutes_reference, result.get_approved_level_display()]
        for entry in summary for result in entry.results
    ]
    return xlsx_response(filename=f"ket-qua-xep-loai-{evaluation_year.year}-{evaluation_year.agency.code}.xlsx",
                         sheets=[(_("Results"), columns, rows)])
