"""gunicorn settings: `gunicorn -c python:lvzhi.config.gunicorn lvzhi.config.wsgi:application`.

Every value can be set from the environment; lvzhi writes its own JSON line per request, so gunicorn's
access log is off by default.
"""

import multiprocessing
import os

bind = os.environ.get("LVZHI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LVZHI_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("LVZHI_WEB_THREADS", 1))
timeout = int(os.environ.get("LVZHI_WEB_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then, so that no slow leak builds up
max_requests_jitter = 200
accesslog = os.environ.get("LVZHI_GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LVZHI_GUNICORN_LOG_LEVEL", "info")
# The reverse proxy in front (nginx) tells the client's address and the scheme; trust only it.
forwarded_allow_ips = os.environ.get("LVZHI_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
limit_request_line = 8190
