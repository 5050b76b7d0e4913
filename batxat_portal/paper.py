"""Printable official forms as A4 PDFs, shared by every app: rendered in Vietnamese with WeasyPrint and the DejaVu
fonts installed on the server, fetching nothing (closed networks) beyond the `data:` addresses a form may embed.

A form's template lives under `<app>/templates/<app>/paper/`, the only HTML allowed a `<style>` block (it never
reaches a browser, so the Content-Security-Policy does not apply); it includes `paper/_page.css` for the page set-up
every Vietnamese administrative document shares.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


class PaperUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (pango, fonts) are missing on this server."""


def pdf_from_template(template: str, context: dict, *, embeds_data: bool = False) -> bytes:
    """The form `template` rendered with `context` in Vietnamese (an official form, whatever language the person
    reads the portal in), as PDF bytes. `embeds_data` lets it read `data:` addresses (an embedded photo)."""
    try:
        # Imported here so that the portal starts, and every other page works, on a server without pango.
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        raise PaperUnavailable(_("WeasyPrint or its system libraries (pango) are not installed.")) from error
    with translation.override("vi"):
        html = render_to_string(template, context)
    allowed = ("data",) if embeds_data else ()
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=allowed)).write_pdf()


def pdf_response(request, make, *, filename: str, unavailable: str, context: dict) -> HttpResponse:
    """The PDF `make()` returns, shown inline as `filename`; without WeasyPrint the page `unavailable` (which extends
    paper/unavailable.html) says so with a 503, never a server error."""
    try:
        content = make()
    except PaperUnavailable:
        return render(request, unavailable, context, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
