"""Views are thin: they read through selectors and write through services, never the ORM themselves; a GET writes
nothing.

The check reads the source of every views module of the project (`views.py`, `*_views.py`, `views/*.py`) as a
syntax tree, so a comment or a string that mentions the ORM does not count, and renaming a variable does not hide
a queryset method. What it refuses in a view:

- a model manager: `<anything>.objects`, `._default_manager`, `._base_manager`, or `getattr(x, "objects")`
  (or getattr of one of the queryset methods below);
- a queryset method called on anything: `.filter(`, `.exclude(`, `.order_by(`, `.select_related(`, `.all()`, ...
  (the names below that mean nothing else in the project's views; `.get(`, `.update(` and `.values()` also belong
  to dicts, so they are left to the other rules, and `.count()` only counts when it has no argument);
- `get_object_or_404(...)` and `get_list_or_404(...)`: a selector (`<entity>_for(user=..., pk=...)`) raises the 404,
  narrowed to the person's units;
- importing `django.db` (models, Q, F, Count, connection, transaction): what needs it is a selector or a service.

Reading what a selector already loaded (an attribute, a prefetched list the selector made into a list) is fine.

And reads never write: every URL of the walk (walk.py's world of two communes), opened with GET by each role, must
not send one INSERT, UPDATE or DELETE to the database. See docs/architecture.md, "Inside an app: one shape".
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from batxat_portal.tests import test_url_walk, walk

BASE_DIR = Path(settings.BASE_DIR).resolve()

MANAGERS = {"objects", "_default_manager", "_base_manager"}
QUERYSET_METHODS = {
    "filter", "exclude", "annotate", "alias", "aggregate", "order_by", "select_related", "prefetch_related",
    "values_list", "only", "defer", "extra", "raw", "distinct", "exists", "first", "last", "latest", "earliest",
    "in_bulk", "iterator", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "select_for_update",
    "union", "intersection", "difference", "dates", "datetimes", "all", "none", "using", "complex_filter",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def orm_uses(source: str) -> list[tuple[int, str]]:
    """(line, what) for every direct use of the ORM in a views module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if isinstance(func, ast.Attribute) and name in QUERYSET_METHODS:
                found.append((node.lineno, f".{name}()"))
            elif isinstance(func, ast.Attribute) and name == "count" and not node.args and not node.keywords:
                found.append((node.lineno, ".count()"))
            elif isinstance(func, ast.Attribute) and name == "values" and (node.args or node.keywords):
                found.append((node.lineno, ".values(...)"))
            elif name in SHORTCUTS:
                found.append((node.lineno, f"{name}()"))
            elif name == "getattr" and any(isinstance(arg, ast.Constant) and arg.value in MANAGERS | QUERYSET_METHODS
                                           for arg in node.args[1:2]):
                found.append((node.lineno, f"getattr(..., {node.args[1].value!r})"))
        elif isinstance(node, ast.ImportFrom) and node.module and (
                node.module == "django.db" or node.module.startswith("django.db.")):
            found.append((node.lineno, f"from {node.module} import ..."))
        elif isinstance(node, ast.ImportFrom) and node.module == "django" and any(
                alias.name == "db" for alias in node.names):
            found.append((node.lineno, "from django import db"))
        elif isinstance(node, ast.Import) and any(
                alias.name == "django.db" or alias.name.startswith("django.db.") for alias in node.names):
            found.append((node.lineno, "import django.db"))
        elif isinstance(node, ast.ImportFrom) and any(alias.name in SHORTCUTS for alias in node.names):
            found.append((node.lineno, "imports get_object_or_404"))
    return sorted(found)


def _project_packages() -> list[Path]:
    return sorted(path.parent for path in BASE_DIR.glob("*/__init__.py")
                  if not path.parent.name.startswith(".") and path.parent.name not in {"var", "static", "locale"})


def views_modules() -> list[str]:
    """Every views module of the project's packages, as a path relative to the repository (tests left out)."""
    found = set()
    for package in _project_packages():
        for path in package.rglob("*.py"):
            parts = path.relative_to(BASE_DIR).parts
            if "tests" in parts or "migrations" in parts:
                continue
            if path.name == "views.py" or path.name.endswith("_views.py") or "views" in parts[:-1]:
                found.add(path.relative_to(BASE_DIR).as_posix())
    return sorted(found)


def _uses(relative: str) -> list[tuple[int, str]]:
    return orm_uses((BASE_DIR / relative).read_text(encoding="utf-8"))


def test_the_walk_finds_the_views_modules_of_every_app():
    modules = views_modules()
    for expected in ("batxat_portal/views.py", "batxat_portal/calendar_views.py", "staff/views/org.py",
                     "evaluation/views/reviews.py", "evaluation/views/setup.py", "evaluation/views/tracking.py",
                     "feedback/views/public.py"):
        assert expected in modules
    assert not [module for module in modules if "/tests/" in module or module.startswith(".venv")]


@pytest.mark.parametrize("module", views_modules())
def test_a_views_module_reads_and_writes_only_through_selectors_and_services(module):
    uses = _uses(module)
    assert not uses, f"{module} uses the ORM directly (move it into a selector or a service): " + ", ".join(
        f"line {line}: {what}" for line, what in uses)


@pytest.mark.parametrize("source", [
    "Person.objects.all()",
    "x = type(row).objects",
    "Person._default_manager.get(pk=1)",
    "getattr(Person, 'objects')",
    "rows = getattr(people, 'filter')(name='a')",
    "people = selectors.people_for(user=user)\nrows = people.filter(name='a')",
    "rows = selectors.people_for(user=user).select_related('unit')",
    "find = lambda term: people.exclude(pk=1)",
    "ids = member.memberships.values_list('id', flat=True)",
    "rows = list(unit.children.order_by('path'))",
    "items = row.items.all()",
    "total = rows.count()",
    "has = rows.exists()",
    "rows = qs.values('kind')",
    "row = get_object_or_404(Person, pk=1)",
    "row = shortcuts.get_object_or_404(selectors.people(), pk=1)",
    "from django.shortcuts import get_object_or_404",
    "from django.db.models import Count",
    "from django.db import connection",
    "from django import db",
    "import django.db.models",
])
def test_the_check_finds_each_kind_of_direct_orm_use(source):
    assert orm_uses(source)


def test_the_check_lets_a_thin_view_pass():
    source = '''
"""A view that says Person.objects.filter() in its docstring."""
from django.shortcuts import redirect
from evaluation import selectors, services
from evaluation.models import ReviewRequest

def view(request, pk):
    # Person.objects.all() in a comment
    row = selectors.review_request_for(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    values = {"a": 1}.values()
    data = {}
    data.update(start=1)
    count = "abc".count("a")
    if row.status == ReviewRequest.Status.OPEN and filter(None, [action]) and all(values):
        services.review_request_close(review_request=row)
    return redirect("evaluation:review_detail", pk=row.pk)
'''
    assert orm_uses(source) == []


# --------------------------------------------------------------------------- a GET writes nothing

WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# django-simple-captcha keeps each challenge it draws on a public form in its own table: that is how a captcha
# works (the answer is checked against the row), not a page changing the portal's data.
ALLOWED_WRITES = re.compile(r'^\s*INSERT INTO "?captcha_captchastore"?', re.IGNORECASE)


@pytest.mark.parametrize("who", walk.USERS)
def test_no_page_writes_to_the_database_when_it_is_read(client, db, world, who, cheap_pdf):
    """Every URL of the walk, opened with GET by each role: not one INSERT, UPDATE or DELETE (a page that needs a
    row to exist shows an empty state, and the row is made by a POST or when what it belongs to is created)."""
    client.force_login(world.users[who])
    client.raise_request_exception = False
    wrong = []
    for name, _pattern, side, url, query in test_url_walk.visits(world):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, query)
        writes = [item["sql"][:100] for item in queries.captured_queries if WRITE_SQL.match(item["sql"])
                  and not ALLOWED_WRITES.match(item["sql"])]
        if writes:
            wrong.append(f"{name} [{side or '-'}] {url}: {writes}")
    assert not wrong, f"{who}:\n" + "\n".join(wrong)
