"""A strict Content-Security-Policy on every page, and templates that need nothing inline.

The browser tests (batxat_portal/tests/browser/conftest.py) fail on any violation the browser reports.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

# Print templates, rendered by WeasyPrint into PDFs on the server and never served as HTML, live in a "paper" folder
# of an app's templates (<app>/templates/<app>/paper/, see evaluation/paper.py and staff/paper.py): the only place a
# <style> is allowed.
PDF_FOLDER = "paper"

TAG = re.compile(r"<[a-zA-Z][^>]*>", re.S)
INLINE = {
    "inline script": re.compile(r"^<script\b(?![^>]*\bsrc=)", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "style element": re.compile(r"^<style\b", re.I),
    "javascript: address": re.compile(r"""=\s*["']?\s*javascript:""", re.I),
    "htmx code": re.compile(r"\shx-on[:-]|\shx-vals\s*=\s*'?\"?\s*js:", re.I),
}


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.parametrize("url", ["/", "/dang-nhap/", "/khong-co-trang-nay/"])
def test_every_page_is_sent_the_strict_policy(client, db, url):
    response = client.get(url)
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]  # Bootstrap's form icons are data: SVGs
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "*" not in header


def test_a_signed_in_page_is_sent_the_policy_too(client, system_admin):
    client.force_login(system_admin)
    assert "script-src 'self'" in client.get(reverse("staff:user_list")).headers["Content-Security-Policy"]


def _templates():
    roots = [Path(settings.BASE_DIR) / "templates",
             *sorted(Path(settings.BASE_DIR).glob("*/templates"))]
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            relative = path.relative_to(settings.BASE_DIR).as_posix()
            parts = path.relative_to(root).parts
            if not (len(parts) > 2 and parts[1] == PDF_FOLDER):
                yield relative, path.read_text(encoding="utf-8")


def test_no_template_served_as_a_page_holds_inline_script_or_style():
    found = []
    for name, text in _templates():
        for tag in TAG.findall(text):
            found += [f"{name}: {kind}: {tag[:80]}" for kind, pattern in INLINE.items() if pattern.search(tag)]
    assert found == []


def test_the_template_check_finds_what_it_looks_for():
    samples = ['<script>alert(1)</script>', '<button onclick="x()">', '<div class="a" style="width: 1rem">',
               '<style>', '<a href="javascript:void(0)">', '<div hx-on:click="x()">',
               '<input hx-vals=\'js:{a: 1}\'>']
    for sample in samples:
        assert any(pattern.search(tag) for tag in TAG.findall(sample) for pattern in INLINE.values()), sample
    clean = '<script src="/static/a.js"></script><div class="style-x" data-online="1" hx-vals=\'{"a": 1}\'>'
    assert not any(pattern.search(tag) for tag in TAG.findall(clean) for pattern in INLINE.values())

