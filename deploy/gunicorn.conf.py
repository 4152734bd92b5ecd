"""gunicorn for 巫山县招商引资考核系统 (started by deploy/systemd/wushan.service).

Sync workers: the views are short database-bound requests, and downloads of evidence go through nginx
(X-Accel-Redirect), so no worker is held by a slow client. nginx buffers uploads before passing them on.
"""

import multiprocessing
import os

# TCP on loopback, not a unix socket: REMOTE_ADDR is then 127.0.0.1, the trusted proxy of TRUSTED_PROXIES.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# More than one thread turns the workers into gthread workers (GUNICORN_THREADS; see README, month-end load test).
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # a PDF bulletin takes a few seconds, never a minute
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak (WeasyPrint, fonts) never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this machine may claim the original scheme (X-Forwarded-Proto).
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
preload_app = True


def when_ready(server):
    """The PDF system checks (reports/checks.py) in the log at every start: a server without HarfBuzz-Subset renders
    bulletins five times slower, and nothing else would say so. The app is preloaded, so Django is set up here.

    Then what each worker would compile on its first requests is compiled here, once, before the workers are forked
    (core/warmup.py): a worker recycled by max_requests starts warm."""
    from django.core import checks

    for message in checks.run_checks(tags=["pdf"]):
        server.log.warning("%s", message)
    import gc

    from core.warmup import warm

    try:
        done = warm()
    except Exception as error:  # a warm-up is never a reason not to serve: the workers compile as they go
        server.log.warning("warm-up before forking failed: %r", error)
        return
    gc.freeze()  # what warm() made lives as long as the master and every worker, as start-up's objects do
    server.log.info("warmed before forking: %s templates, %s form widgets", done["templates"], done["widgets"])
