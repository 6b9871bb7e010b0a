"""Small readers for environment variables that refuse bad values at start-up.

Each helper names the variable in its error so that a typo in a deployment shows itself in the
first line of the traceback instead of as odd behaviour later.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None:
        if required:
            raise ImproperlyConfigured(f"{name} must be set")
        return default
    return value


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false")


def env_int(name, default, *, minimum=None):
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}


def env_database(name, default):
    """Parse a database URL; PostgreSQL (psycopg 3) and SQLite are what we support."""
    raw = os.environ.get(name) or default
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in _DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a database URL such as "
            "postgres://user@host:5432/name or sqlite:///path/to/db.sqlite3"
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(f"{name}={raw!r} could not be read: {error}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={raw!r} names no database")
    if scheme == "sqlite":
        config["CONN_MAX_AGE"] = 0
        # Wait instead of failing at once when two requests write together in the demo, and
        # take the write lock when a transaction begins: of two deferred transactions that read
        # and then write, SQLite refuses one ("database is locked") and, in the tests' shared
        # in-memory database, sometimes both; select_for_update is a no-op here.
        options = config.setdefault("OPTIONS", {})
        options["timeout"] = 20
        options["transaction_mode"] = "IMMEDIATE"
    return config


def env_email(name):
    """EMAIL_URL: smtp://user:password@host:port (smtps:// for TLS), console:, or locmem:."""
    raw = os.environ.get(name)
    if not raw or raw.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if raw.startswith("locmem:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(raw)
    if parts.scheme not in {"smtp", "smtps", "submission"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not an e-mail URL such as smtp://user:pass@host:587"
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme != "smtps",
    }


def env_cache(name):
    """CACHE_URL: redis://host:6379/1 for a cache shared by every web process (login throttling
    and rate limits must count across machines), or unset for a per-process memory cache."""
    raw = os.environ.get(name)
    if not raw:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if not raw.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a Redis URL such as redis://host:6379/1")
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}}


def env_file_storage(name):
    """FILE_STORAGE: `filesystem` (MEDIA_ROOT, the default) or `s3` for S3-compatible object
    storage through django-storages. Files stay private: no public ACL, no public URL; the
    app's checked views stream them."""
    raw = (os.environ.get(name) or "filesystem").strip().lower()
    if raw == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if raw != "s3":
        raise ImproperlyConfigured(f"{name}={raw!r} must be filesystem or s3")
    options = {
        "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME", required=True),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "location": env_str("AWS_LOCATION", "private"),
    }
    for option, variable in [
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
    ]:
        if os.environ.get(variable):
            options[option] = os.environ[variable]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
