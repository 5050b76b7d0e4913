from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from batxat_portal.celery import app as celery_app
from batxat_portal.navigation import menu_for, public_entries, todos_for
from staff import selectors
from staff.roles import role_label


@login_not_required
def home(request):
    """Citizens see the public services; a signed-in person sees the home page of their roles."""
    if not request.user.is_authenticated:
        return render(request, "home_public.html", {"public_entries": public_entries()})
    user = request.user
    unit_paths = selectors.unit_paths_for(user)
    return render(request, "home_dashboard.html", {
        "roles": [role_label(name) for name in user.groups.values_list("name", flat=True)],
        "units": list(user.org_units.order_by("path")[:10]),
        "sees_all_units": unit_paths is selectors.ALL_UNITS,
        "dashboard_items": [item for item in menu_for(user) if item.description],
        "todos": todos_for(user),
        "today": timezone.localdate(),
    })


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as error:  # any failure means "not answering"; the message says why
        return False, error.__class__.__name__


def _broker_ok() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=settings.HEALTHZ_TIMEOUT_SECONDS)
        return True, "ok"
    except Exception as error:
        return False, error.__class__.__name__


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when the database and the broker answer, else 503."""
    database_ok, database_status = _database_ok()
    broker_ok, broker_status = _broker_ok()
    healthy = database_ok and broker_ok
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database_status, "broker": broker_status},
        status=200 if healthy else 503,
    )
