"""config/settings.py as an operator meets it: the embedded default runs with no
variables at all, production passes Django's deployment checks and refuses to
start without its secrets, and a bad value stops start-up naming the variable.

Each case starts a fresh interpreter, because settings are read once at import."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from lib.crypto import new_key

BASE_DIR = Path(__file__).resolve().parent.parent

# Prints the settings these tests look at, as JSON, without starting Django.
DUMP_SETTINGS = """
import json
import re
from config import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "DATABASE_ENGINE": s.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(s.DATABASES["default"]["NAME"]),
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "CELERY_TASK_ALWAYS_EAGER": s.CELERY_TASK_ALWAYS_EAGER,
    "SESSION_COOKIE_SECURE": getattr(s, "SESSION_COOKIE_SECURE", False),
    "SECURE_SSL_REDIRECT": getattr(s, "SECURE_SSL_REDIRECT", False),
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "REQUIRE_2FA_FOR_MINISTRY_ADMINS": s.REQUIRE_2FA_FOR_MINISTRY_ADMINS,
    "CACHE_BACKEND": s.CACHES["default"]["BACKEND"],
    "LOG_FORMATTER": s.LOGGING["formatters"]["default"].get("()", "text"),
    "CONN_HEALTH_CHECKS": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "SECURE_PROXY_SSL_HEADER": list(getattr(s, "SECURE_PROXY_SSL_HEADER", None) or []),
    "SECURE_HSTS_SECONDS": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "CSRF_COOKIE_SECURE": getattr(s, "CSRF_COOKIE_SECURE", False),
}))
"""


@pytest.fixture
def production(tmp_path: Path) -> dict[str, str]:
    """The least a production deployment must set."""
    return {
        "JEMBATAN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "jembatan.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "FIELD_ENCRYPTION_KEYS": new_key(),
        "BLIND_INDEX_KEY": new_key(),
    }


def run(args: list[str], variables: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # Only the variables a test names reach the settings module: nothing leaks
    # in from the developer's shell or from this test run (JEMBATAN_ENV=test).
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "JEMBATAN_VAR_DIR": str(tmp_path / "var"),
        **variables,
    }
    return subprocess.run(  # noqa: S603  (fixed arguments, this interpreter)
        [sys.executable, *args], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def dump_settings(variables: dict[str, str], tmp_path: Path) -> dict[str, object]:
    completed = run(["-c", DUMP_SETTINGS], variables, tmp_path)
    assert completed.returncode == 0, completed.stderr
    result: dict[str, object] = json.loads(completed.stdout)
    return result


def test_it_passes_the_deployment_checks_in_production(production: dict[str, str], tmp_path: Path) -> None:
    completed = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production, tmp_path)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues" in completed.stdout


@pytest.mark.parametrize(
    "variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"]
)
def test_it_refuses_to_start_production_without_a_required_variable(
    production: dict[str, str], tmp_path: Path, variable: str
) -> None:
    del production[variable]

    completed = run(["manage.py", "check"], production, tmp_path)

    assert completed.returncode != 0
    assert f"The environment variable {variable} must be set in production" in completed.stderr


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("FIELD_ENCRYPTION_KEYS", "not-a-key", "base64url"),
        ("FIELD_ENCRYPTION_KEYS", "c2hvcnQ,", "32 bytes"),
        ("BLIND_INDEX_KEY", "@@@@", "base64url"),
        ("BLIND_INDEX_KEY", "two keys", "one key"),
    ],
)
def test_it_refuses_an_encryption_key_it_cannot_use(
    production: dict[str, str], tmp_path: Path, variable: str, value: str, problem: str
) -> None:
    if value == "two keys":
        value = f"{new_key()},{new_key()}"
    completed = run(["manage.py", "check"], {**production, variable: value}, tmp_path)

    assert completed.returncode != 0
    assert variable in completed.stderr
    assert problem in completed.stderr


def test_it_refuses_an_empty_secret_key_in_production(production: dict[str, str], tmp_path: Path) -> None:
    production["SECRET_KEY"] = ""

    completed = run(["manage.py", "check"], production, tmp_path)

    assert completed.returncode != 0
    assert "SECRET_KEY" in completed.stderr


@pytest.mark.parametrize("value", ["1", "true", "on"])
def test_it_refuses_debug_in_production(production: dict[str, str], tmp_path: Path, value: str) -> None:
    completed = run(["manage.py", "check"], {**production, "DEBUG": value}, tmp_path)

    assert completed.returncode != 0
    assert "DEBUG must be off in production" in completed.stderr


@pytest.mark.parametrize("hosts", ["*", "jembatan.example.org,*"])
def test_it_refuses_any_host_in_production(production: dict[str, str], tmp_path: Path, hosts: str) -> None:
    completed = run(["manage.py", "check"], {**production, "ALLOWED_HOSTS": hosts}, tmp_path)

    assert completed.returncode != 0
    assert "ALLOWED_HOSTS must name the site's hosts in production" in completed.stderr


def test_it_logs_json_lines_in_production_and_text_elsewhere(production: dict[str, str], tmp_path: Path) -> None:
    assert dump_settings(production, tmp_path)["LOG_FORMATTER"] == "pythonjsonlogger.json.JsonFormatter"
    assert dump_settings({}, tmp_path)["LOG_FORMATTER"] == "text"
    assert dump_settings({"LOG_FORMAT": "json"}, tmp_path)["LOG_FORMATTER"] == "pythonjsonlogger.json.JsonFormatter"


def test_it_refuses_an_unknown_log_format(tmp_path: Path) -> None:
    completed = run(["manage.py", "check"], {"LOG_FORMAT": "xml"}, tmp_path)

    assert completed.returncode != 0
    assert "LOG_FORMAT='xml'" in completed.stderr


def test_it_trusts_the_proxys_https_header_and_secures_cookies_in_production(
    production: dict[str, str], tmp_path: Path
) -> None:
    values = dump_settings(production, tmp_path)

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    # A connection PostgreSQL dropped is replaced, not used to fail the next request.
    assert values["CONN_HEALTH_CHECKS"] is True


def test_it_refuses_an_unknown_environment_name(tmp_path: Path) -> None:
    completed = run(["manage.py", "check"], {"JEMBATAN_ENV": "staging"}, tmp_path)

    assert completed.returncode != 0
    assert "JEMBATAN_ENV='staging'" in completed.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_CONN_MAX_AGE", "forever"),
        ("PARTICIPANT_PAGE_SIZE", "fifty"),
        ("DEBUG", "maybe"),
        ("LOGIN_FAILURE_LIMIT", "five"),
        ("JEMBATAN_REQUIRE_2FA_FOR_MINISTRY_ADMINS", "sometimes"),
    ],
)
def test_it_refuses_a_malformed_value_naming_the_variable(tmp_path: Path, variable: str, value: str) -> None:
    completed = run(["manage.py", "check"], {variable: value}, tmp_path)

    assert completed.returncode != 0
    assert f"{variable}='{value}'" in completed.stderr


def test_it_runs_the_embedded_default_without_any_variable(tmp_path: Path) -> None:
    values = dump_settings({}, tmp_path)

    assert values["DEBUG"] is True
    assert values["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASE_NAME"] == str(tmp_path / "var" / "jembatan.sqlite3")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "testserver"]
    # The demo's printed logins sign in with the password alone.
    assert values["REQUIRE_2FA_FOR_MINISTRY_ADMINS"] is False


def test_it_hardens_production_by_default(production: dict[str, str], tmp_path: Path) -> None:
    values = dump_settings(production, tmp_path)

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["ALLOWED_HOSTS"] == ["jembatan.example.org"]
    assert values["REQUIRE_2FA_FOR_MINISTRY_ADMINS"] is True


def test_it_lets_an_operator_turn_the_second_factor_requirement_off(production: dict[str, str], tmp_path: Path) -> None:
    values = dump_settings({**production, "JEMBATAN_REQUIRE_2FA_FOR_MINISTRY_ADMINS": "false"}, tmp_path)

    assert values["REQUIRE_2FA_FOR_MINISTRY_ADMINS"] is False


def test_it_uses_postgresql_when_given_a_postgres_url(tmp_path: Path) -> None:
    values = dump_settings({"DATABASE_URL": "postgres://u:p@db.internal:5432/jembatan"}, tmp_path)

    assert values["DATABASE_ENGINE"] == "django.db.backends.postgresql"
    assert values["DATABASE_NAME"] == "jembatan"


def test_it_shares_the_throttles_counts_in_redis_when_given_one(tmp_path: Path) -> None:
    assert dump_settings({}, tmp_path)["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    shared = dump_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"}, tmp_path)
    assert shared["CACHE_BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_it_runs_the_test_suite_with_a_fast_password_hasher() -> None:
    # Argon2 in production; hundreds of test users would take minutes with it.
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.DEBUG is False


def test_it_documents_every_variable_in_env_example() -> None:
    source = (BASE_DIR / "config" / "settings.py").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    read = set(re.findall(r"""env_(?:str|int|bool|list|required)\(\s*["']([A-Z0-9_]+)["']""", source))
    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", example, flags=re.MULTILINE))

    assert read, "no env_* call found in config/settings.py"
    assert read <= documented, f"add to .env.example: {sorted(read - documented)}"
