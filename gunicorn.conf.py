"""gunicorn's settings for the portal, read from the working directory by `gunicorn batxat_portal.wsgi` (and by
`make bench`'s server, which keeps them but for 2 workers and its own address).

gthread workers: each worker answers several requests at once in threads, so a request waiting on the database (a
commit's flush to disk) does not hold its worker; the Python work itself still takes one core per worker, hence
about one worker per core. Measured on 2 cores (docs/architecture.md, the bench).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
