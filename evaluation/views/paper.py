"""Printed forms of the year end: the self-assessment and classification form as a PDF, ready to sign."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
    try:
        content = paper.self_assessment_pdf(result=result)
    except paper.PaperUnavailable:
        return render(request, "evaluation/paper/unavailable.html", {"result": result}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="phieu-danh-gia-{result.evaluation_year.year}-{result.pk}.pdf"')
    return response
