"""deploy/: the systemd units and the nginx site an operator copies onto a
Debian host. The units must run what the README says with the environment file;
the nginx site must pass `nginx -t` and hand the app the headers it relies on."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SYSTEMD = BASE_DIR / "deploy" / "systemd"
SITE = BASE_DIR / "deploy" / "nginx" / "jembatan.conf"


def directives(unit: Path) -> dict[str, list[str]]:
    """A unit's settings; keys repeat in systemd (ExecStart of a oneshot), so not configparser."""
    found: dict[str, list[str]] = {}
    for line in unit.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


SERVICES = sorted(SYSTEMD.glob("*.service"))


@pytest.mark.parametrize("unit", SERVICES, ids=[unit.name for unit in SERVICES])
def test_it_runs_every_service_as_the_service_user_with_the_environment_file(unit: Path) -> None:
    settings = directives(unit)

    assert settings["User"] == ["jembatan"]
    # The migration alone may also read the owner role's DATABASE_URL ("-": if the file exists).
    owner = ["-/etc/jembatan/owner.env"] if unit.name == "jembatan-migrate.service" else []
    assert settings["EnvironmentFile"] == ["/etc/jembatan/jembatan.env", *owner]
    assert settings["WorkingDirectory"] == ["/srv/jembatan"]
    for command in settings["ExecStart"]:
        assert command.startswith("/srv/jembatan/.venv/bin/")
    # Nothing but the data folder (and the build outputs for migrate) is writable.
    assert settings["ProtectSystem"] == ["strict"]
    assert "/var/lib/jembatan" in settings["ReadWritePaths"][0].split()


def test_it_starts_the_web_service_with_the_repositorys_gunicorn_configuration() -> None:
    web = directives(SYSTEMD / "jembatan-web.service")

    assert web["ExecStart"] == ["/srv/jembatan/.venv/bin/gunicorn -c config/gunicorn.py"]
    assert web["Type"] == ["notify"]  # gunicorn tells systemd when its workers are up
    assert (BASE_DIR / "config" / "gunicorn.py").is_file()


def test_it_groups_every_long_running_service_in_the_target() -> None:
    wanted = directives(SYSTEMD / "jembatan.target")["Wants"][0].split()

    assert sorted(wanted) == ["jembatan-beat.service", "jembatan-web.service", "jembatan-worker.service"]
    assert all((SYSTEMD / name).is_file() for name in wanted)


def test_it_hands_the_app_the_headers_it_trusts() -> None:
    site = SITE.read_text()

    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site  # SECURE_PROXY_SSL_HEADER
    assert "proxy_set_header X-Request-ID $request_id;" in site  # config/logging.py
    assert "proxy_set_header Host $host;" in site  # ALLOWED_HOSTS
    # The app's own 503 page must reach the reader, not count as a dead server.
    [retry] = re.findall(r"proxy_next_upstream ([^;]+);", site)
    assert "http_503" not in retry.split()


@pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()), reason="nginx not installed")
@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl not installed")
def test_it_passes_nginx_t(tmp_path: Path) -> None:
    # A throwaway certificate stands in for the site's, so nginx can read the whole file.
    subprocess.run(  # noqa: S603
        [  # noqa: S607  (openssl from PATH, as an operator runs it)
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=test",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (
        SITE.read_text()
        .replace("/etc/letsencrypt/live/jembatan.example.org/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/letsencrypt/live/jembatan.example.org/privkey.pem", str(tmp_path / "key.pem"))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"

    completed = subprocess.run(  # noqa: S603
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert "test is successful" in completed.stderr
