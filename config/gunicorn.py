"""gunicorn's configuration: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value comes from the environment, so one file serves `make serve`, the
systemd unit and the two app servers of scripts/cluster.sh:

GUNICORN_BIND            address to listen on (default 127.0.0.1:8000; a list: comma-separated)
WEB_CONCURRENCY          worker processes (default 2 × CPU cores + 1)
GUNICORN_THREADS         threads per worker (default 1)
GUNICORN_WORKER_CLASS    gunicorn's worker class (default gthread)
GUNICORN_TIMEOUT         seconds a request may take before its worker is restarted (default 60)
GUNICORN_GRACEFUL_TIMEOUT seconds a worker gets to finish its requests on reload or stop (default 30)
GUNICORN_WORKER_CONNECTIONS connections a worker holds at once (default: its threads; see below)
GUNICORN_KEEPALIVE       seconds an idle keep-alive connection from the balancer stays open (default 0,
                         or 5 where a worker holds more connections than it has threads)
GUNICORN_MAX_REQUESTS    requests after which a worker is replaced, 0 never (default 1000)
GUNICORN_MAX_REQUESTS_JITTER random extra requests, so workers are not all replaced at once (default 100)
LOG_LEVEL                gunicorn's own log level, as Django's (default INFO)
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from typing import Any

from config.env import env_int, env_list, env_str
from config.logging import gunicorn_logging_config

# Large blocks (a sign-in's 19 MiB Argon2 hash, a spreadsheet's cells) from mmap,
# handed back to the system when freed. glibc otherwise raises its mmap threshold
# after the first such block and keeps later ones in each thread's heap: eight
# sign-ins at once left a worker at 236 MB for good. Set here, in the master,
# before the workers fork from it; M_MMAP_THRESHOLD is -3 in glibc's malloc.h.
_libc_name = ctypes.util.find_library("c")
if _libc_name and hasattr(ctypes.CDLL(_libc_name), "mallopt"):
    ctypes.CDLL(_libc_name).mallopt(-3, 128 * 1024)

wsgi_app = "config.wsgi:application"
bind = env_list("GUNICORN_BIND", default=["127.0.0.1:8000"])
# Processes, one thread each: a page at a million participants spends about
# four fifths of its time in Python (templates, forms, the ORM), where threads
# of one process take turns on one lock. Measured with make bench-web on two
# cores: 2 processes × 4 threads per app server gave a p95 of 277 ms over the
# mix; 4 × 2, 244 ms; 6 × 1, 195 ms. Each process costs about 170 MB.
# Two per core, plus one, is gunicorn's own rule for a server of its own.
# gthread with one thread, not sync: behind nginx at a million participants the
# sync class gave a p95 of 218 ms against gthread's 137 ms in the same state.
worker_class = env_str("GUNICORN_WORKER_CLASS", "gthread")
workers = env_int("WEB_CONCURRENCY", default=2 * (os.cpu_count() or 1) + 1)
threads = env_int("GUNICORN_THREADS", default=1)
# A worker takes a connection only when one of its threads is free. gthread's
# default (1,000) lets a worker busy with a request accept more and queue them
# behind it: a participant list page that came in while a worker wrote a slow
# page waited for that page. In make bench-web at a million participants the
# list requests that overlapped an admin baseline request had a p95 of
# 139–274 ms against 39–46 for the others. With one connection per thread a
# connection is closed after its answer (no keep-alive is left to hold it), and
# the next one goes to a worker that is free.
worker_connections = env_int("GUNICORN_WORKER_CONNECTIONS", default=threads)
timeout = env_int("GUNICORN_TIMEOUT", default=60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", default=30)
# No keep-alive where no connection is held past its answer (gunicorn would warn).
keepalive = env_int("GUNICORN_KEEPALIVE", default=5 if worker_connections > threads else 0)
# Replacing a worker now and then returns memory a long run fragments (spreadsheet
# imports, PDFs), which keeps each worker under its memory budget.
max_requests = env_int("GUNICORN_MAX_REQUESTS", default=1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", default=100)
# Workers fork from a master that has not imported Django: a reload (SIGHUP) then
# loads new code, and a worker that fails at import shows in the log, not at boot only.
preload_app = False
# The worker's heartbeat file in memory, not on a disk that may be slow or full.
worker_tmp_dir = "/dev/shm"  # noqa: S108  (gunicorn's documented choice for its heartbeat files)
# Behind nginx on the same host: trust its X-Forwarded-* (REMOTE_ADDR is the balancer's).
forwarded_allow_ips = env_str("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "jembatan"
# gunicorn 25+ opens a control socket at one fixed path per user ($HOME/.gunicorn):
# two app servers on one machine would take it from each other, and the service
# user has no home. Signals (HUP reload, TERM stop) do what systemd needs.
control_socket_disable = True

# JSON lines: access lines on stdout, gunicorn's own on stderr (journald keeps both).
accesslog = "-"
errorlog = "-"
loglevel = env_str("LOG_LEVEL", "INFO").lower()
logger_class = "config.logging.AccessLogger"
logconfig_dict = gunicorn_logging_config(level=env_str("LOG_LEVEL", "INFO").upper())


def post_worker_init(worker: Any) -> None:
    """Once a worker has loaded the application: import every view (through the
    URL patterns), then move what is loaded so far out of the garbage
    collector's reach. Those objects live as long as the worker, and every full
    collection walked all of them (about 130,000) in the middle of a request.
    Measured in one process at a million participants, the participant list
    alternating in rounds of 30 pages: mean 25.5 → 24.4 ms, p95 30.2 → 28.4."""
    from django.urls import get_resolver  # noqa: PLC0415  (Django is set up only once the app is loaded)

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    gc.freeze()
