"""Printed forms of the year end: the self-assessment and classification form as a PDF, ready to sign."""

from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from batxat_portal.paper import pdf_response
from evaluation import paper, selectors

# Who may print other people's forms, in their own units: HR and leaders, who see the results, and the heads, who
# propose the levels and sign the form as head of unit.
PRINT_OTHERS = ("evaluation.view_yearresult", "evaluation.propose_yearresult")


@require_GET
@never_cache
def result_pdf(request, pk):
    """The person's own form, or one of a person in the user's units for those who handle the year end."""
    user = request.user
    others = any(user.has_perm(permission) for permission in PRINT_OTHERS)
    if not others and not hasattr(user, "staff_member"):
        raise PermissionDenied  # no file of their own, so no form of their own, and no permission for others'
    result = selectors.result_for_paper(user=user, pk=pk, others=others)
    return pdf_response(request, lambda: paper.self_assessment_pdf(result=result),
                        filename=f"phieu-danh-gia-{result.evaluation_year.year}-{result.pk}.pdf",
                        unavailable="evaluation/paper/unavailable.html", context={"result": result})
