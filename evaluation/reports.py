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


def review_report_workbook(*, report):
    """A 360-degree review's results by rater group, as on its page: counts, then the means and comments of the
    groups shown. Never an answer, never a reviewer."""
    from batxat_portal.text import fold

    review_request = report["review_request"]
    columns = [Column(_("Rater group"), 26), Column(_("Asked"), 8), Column(_("Answered"), 10),
               Column(_("Question"), 60), Column(_("Mean (1 to 5)"), 14), Column(_("Answers"), 10)]
    rows = []
    for group in report["groups"]:
        if not group.is_shown:
            hidden = (_("Not enough answers to keep them anonymous") if report["is_closed"]
                      else _("Shown once the request is closed"))
            rows.append([str(group.label), group.invited, group.answered, hidden, None, None])
        for row in group.rows:
            rows.append([str(group.label), group.invited, group.answered, row["question"].text, row["mean"],
                         row["count"]])
    comment_columns = [Column(_("Rater group"), 26), Column(_("Question"), 50), Column(_("Comment"), 80)]
    comment_rows = [[str(group.label), item["question"].text, text]
                    for group in report["groups"] for item in group.comments for text in item["texts"]]
    name = "-".join(fold(review_request.subject.full_name).split())
    return xlsx_response(filename=f"danh-gia-360-{name}-{review_request.deadline:%Y%m%d}.xlsx",
                         sheets=[(_("Results"), columns, rows), (_("Comments"), comment_columns, comment_rows)])
