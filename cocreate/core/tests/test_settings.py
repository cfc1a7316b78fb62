"""Production mode is checked in a fresh interpreter, as a server would start it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "cocreate.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def run(env_changes, *args):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "COCREATE_VAR_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_changes)
    env.pop("COCREATE_TESTING", None)
    env.setdefault("COCREATE_VAR_DIR", str(ROOT / "var" / "test-production"))
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run({**PRODUCTION, "SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run({**PRODUCTION, "ALLOWED_HOSTS": ""}, "check")
    assert result.returncode != 0
    assert "needs ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings():
    result = run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def settings_value(env_changes, expression):
    env = {**os.environ, **env_changes, "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_database_url_selects_postgresql():
    engine = settings_value(
        {"DATABASE_URL": "postgres://cocreate@db.internal:5432/cocreate"},
        "settings.DATABASES['default']['ENGINE']",
    )
    assert engine == "django.db.backends.postgresql"


def test_sqlite_under_var_by_default():
    name = settings_value({"DATABASE_URL": ""}, "settings.DATABASES['default']['NAME']")
    assert name.endswith("var/cocreate.sqlite3")


def test_media_go_to_an_object_store_by_setting():
    backend = settings_value(
        {"MEDIA_S3_BUCKET": "city-media", "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org"},
        "settings.STORAGES['default']['BACKEND']",
    )
    assert backend == "storages.backends.s3.S3Storage"
    assert settings_value({}, "settings.STORAGES['default']['BACKEND']").endswith("FileSystemStorage")


def test_the_citys_identity_provider_by_openid_connect():
    providers = settings_value(
        {
            "OIDC_SERVER_URL": "https://id.city.example",
            "OIDC_CLIENT_ID": "cocreate",
            "OIDC_CLIENT_SECRET": "s3",
        },
        "settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]['settings']['server_url']",
    )
    assert providers == "https://id.city.example"


def test_redis_holds_the_cache_when_configured():
    backend = settings_value({"REDIS_URL": "redis://127.0.0.1:6379/1"}, "settings.CACHES['default']['BACKEND']")
    assert backend == "cocreate.core.cache.ResilientRedisCache"


def test_redis_and_the_mail_server_are_waited_for_only_briefly():
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/1"}
    assert (
        settings_value(redis, "settings.CACHES['default']['OPTIONS']") == "{'socket_timeout': 0.5, 'retry_after': 10.0}"
    )
    tuned = {**redis, "REDIS_TIMEOUT": "0.25", "REDIS_RETRY_AFTER": "30"}
    assert (
        settings_value(tuned, "settings.CACHES['default']['OPTIONS']")
        == "{'socket_timeout': 0.25, 'retry_after': 30.0}"
    )
    assert (
        settings_value({"EMAIL_HOST": "mail.example.org"}, "settings.MAILERS['default']['OPTIONS']['timeout']")
        == "10.0"
    )


def test_static_files_collect_for_production(tmp_path):
    """WhiteNoise's manifest storage refuses a file that names a missing one (e.g. a source map)."""
    result = run({**PRODUCTION, "COCREATE_VAR_DIR": str(tmp_path)}, "collectstatic", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
