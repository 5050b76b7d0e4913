from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from batxat_portal.celery import app as celery_app


def test_healthz_answers_200_when_database_and_broker_answer(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_answers_503_when_the_broker_is_down(client, db, monkeypatch, settings):
    settings.HEALTHZ_TIMEOUT_SECONDS = 1
    # Celery lets the CELERY_BROKER_URL variable win over its settings, so point both at a closed port.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app.conf, "broker_write_url", None)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "ok" and body["broker"] != "ok"


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    def refuse(self, sql, params=None):
        raise ConnectionError("database down")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "ConnectionError"
