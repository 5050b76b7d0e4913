import os
from pathlib import Path

import pytest

from batxat_portal.tests.services import chromium_path

# Playwright's sync API runs an event loop in the test thread; the tests still use the ORM directly.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).with_name("axe.min.js")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


# Every Content-Security-Policy violation of any page of any context, for the running test (see no_csp_violation).
CSP_VIOLATIONS: list[str] = []
# Runs in every page before its own scripts; the browser's own "Refused to ..." console errors are caught too.
WATCH_CSP = """document.addEventListener("securitypolicyviolation", (event) => console.error(
  `[CSP] ${event.effectiveDirective} refused ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  + ` (${event.sample})`));"""


def is_csp_message(text: str) -> bool:
    return text.startswith("[CSP]") or "Content Security Policy" in text


def watch_csp(context, found: list[str]):
    """Record in `found` every CSP violation of the context's pages."""
    context.add_init_script(WATCH_CSP)

    def record(message):
        if is_csp_message(message.text):
            found.append(f"{message.text} ({message.location.get('url', '')})")

    context.on("console", record)
    return context


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        # Every context, the fixtures' and those a test opens itself, reports its CSP violations.
        new_context = browser.new_context
        browser.new_context = lambda **kwargs: watch_csp(new_context(**kwargs), CSP_VIOLATIONS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def no_csp_violation(browser):
    """A browser test fails on any Content-Security-Policy violation (the policy: settings.CONTENT_SECURITY_POLICY)."""
    CSP_VIOLATIONS.clear()
    yield
    violations, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740},
                                  is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Runs axe-core (WCAG 2 A and AA rules) on the page and returns what it finds."""
    # Evaluated, not added as a <script> element: the page's CSP refuses inline script, not the test's own code.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]]


@pytest.fixture
def demo(db):
    """The demo organisation and one account per role, without the 150 demo files (kept fast)."""
    from staff import demo as staff_demo
    from staff import services

    services.roles_sync()
    staff_demo.seed_accounts(staff_demo.seed_units())
