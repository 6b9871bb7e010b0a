import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_bad_debug_value_stops_start_up_naming_the_variable():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


@pytest.mark.parametrize(
    "url", ["postgres//nohost", "mysql://root@localhost/db", "postgres://postgres@127.0.0.1:5432"]
)
def test_a_malformed_database_url_stops_start_up_naming_the_variable(url):
    result = run_manage("check", DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL=" in result.stderr


def test_a_bad_broker_url_stops_start_up_naming_the_variable():
    result = run_manage("check", CELERY_BROKER_URL="amqp://guest@localhost//")
    assert result.returncode != 0
    assert "CELERY_BROKER_URL=" in result.stderr


def test_deploy_check_reports_no_issue_with_the_production_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(48)[:64],
        ALLOWED_HOSTS="grants.example.kr",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_flags_the_development_secret_key():
    result = run_manage("check", "--deploy", DEBUG="false", ALLOWED_HOSTS="grants.example.kr")
    assert "security.W009" in result.stderr + result.stdout


def test_time_zone_and_languages(settings):
    assert settings.TIME_ZONE == "Asia/Seoul"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "ko"
    assert [code for code, _ in settings.LANGUAGES] == ["ko", "en"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CACHE_URL", "memcached://127.0.0.1:11211", "CACHE_URL='memcached://127.0.0.1:11211'"),
        ("FILE_STORAGE", "ftp", "FILE_STORAGE='ftp' must be filesystem or s3"),
        ("FILE_STORAGE", "s3", "AWS_STORAGE_BUCKET_NAME must be set"),
    ],
)
def test_a_bad_cache_or_storage_setting_stops_start_up_naming_the_variable(
    variable, value, message
):
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_s3_storage_keeps_files_private(monkeypatch):
    from config.env import env_cache, env_file_storage

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "grants-private")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.kr")
    monkeypatch.setenv("FILE_STORAGE", "s3")
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")

    storage = env_file_storage("FILE_STORAGE")
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "grants-private"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["querystring_auth"] is True
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.kr"
    assert env_cache("CACHE_URL")["default"]["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_sqlite_transactions_take_the_write_lock_when_they_begin(monkeypatch):
    """Deferred SQLite transactions that read then write wait on each other until the timeout
    (or, in the tests' shared in-memory database, both fail): tests/reviews/test_concurrency.py
    failed now and then that way under load."""
    from config.env import env_database

    monkeypatch.setenv("SOME_DATABASE_URL", "sqlite:////tmp/demo.sqlite3")
    options = env_database("SOME_DATABASE_URL", "")["OPTIONS"]
    assert options == {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    monkeypatch.setenv("SOME_DATABASE_URL", "postgres://user@db:5432/grants")
    assert "transaction_mode" not in env_database("SOME_DATABASE_URL", "").get("OPTIONS", {})
