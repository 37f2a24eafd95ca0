"""Reading the environment: where lvzhi keeps its files, which database it uses, its keys.

Plain Python (no Django imports), so that settings and the console script can both use it.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def home() -> Path:
    """The folder for the database, uploads and keys: $LVZHI_HOME, else var/ of a source checkout or cwd."""
    if env := os.environ.get("LVZHI_HOME"):
        return Path(env).expanduser().resolve()
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").exists():
        return checkout / "var"
    return Path.cwd() / "var"


def database_from_url(url: str) -> dict:
    """Django DATABASES entry for sqlite:///path, sqlite:///:memory:, postgres://user:pw@host:port/name."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        # sqlite:///relative.db and sqlite:////absolute.db as in the usual convention
        name = path[1:] if path.startswith("/") else path
        if name in ("", ":memory:"):
            name = ":memory:"
        return sqlite_database(Path(name) if name != ":memory:" else None)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "lvzhi",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite:// or postgres://)")


def sqlite_database(path: Path | None) -> dict:
    """SQLite in WAL mode with immediate transactions, so concurrent writers queue instead of failing."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path) if path else ":memory:",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


def default_database() -> dict:
    """DATABASE_URL if set; else LVZHI_DEFAULT_SQLITE (the demo's own file); else var/lvzhi.sqlite3."""
    if url := os.environ.get("DATABASE_URL"):
        return database_from_url(url)
    path = Path(os.environ.get("LVZHI_DEFAULT_SQLITE") or home() / "lvzhi.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return sqlite_database(path)


def key_from_file(name: str, *, create: bool, nbytes: int = 32) -> bytes:
    """A random key kept in $LVZHI_HOME/keys/<name>, outside the database; made on first use if allowed."""
    path = home() / "keys" / name
    if path.exists():
        return base64.urlsafe_b64decode(path.read_text().strip())
    if not create:
        raise RuntimeError(f"missing key file {path}: set the environment variable or create it")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(base64.urlsafe_b64encode(key).decode())
    return key


def env_key(var: str, file_name: str, *, create: bool) -> bytes:
    if value := os.environ.get(var):
        return base64.urlsafe_b64decode(value)
    return key_from_file(file_name, create=create)
