from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from batxat_portal import health
from batxat_portal.navigation import menu_for, public_entries, todos_for
from staff import selectors
from staff.selectors import accounts


@login_not_required
def home(request):
    """Citizens see the public services; a signed-in person sees the home page of their roles."""
    if not request.user.is_authenticated:
        return render(request, "home_public.html", {"public_entries": public_entries()})
    user = request.user
    unit_paths = selectors.unit_paths_for(user)
    return render(request, "home_dashboard.html", {
        "roles": accounts.account_role_labels(user=user),
        "units": accounts.account_units(user=user, limit=10),
        "sees_all_units": unit_paths is selectors.ALL_UNITS,
        "dashboard_items": [item for item in menu_for(user) if item.description],
        "todos": todos_for(user),
        "today": timezone.localdate(),
    })


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when the database and the broker answer, else 503."""
    database_ok, database_status = health.database_ok()
    broker_ok, broker_status = health.broker_ok()
    healthy = database_ok and broker_ok
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database_status, "broker": broker_status},
        status=200 if healthy else 503,
    )
