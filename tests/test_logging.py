"""JSON log lines with the request's id: the balancer's X-Request-ID when it is a
plain token, else a new one; answered back; on every line logged while the
request runs, including Django's own 4xx/5xx line written after the middleware."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from config.logging import RequestIdFilter, logging_config, request_id_from, request_id_var

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Django's request logger writing into a buffer through the handler production uses."""
    stream = io.StringIO()
    config = logging_config(json_lines=True, level="INFO")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(config["formatters"]["default"]["fmt"], timestamp="time"))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_it_answers_with_the_balancers_request_id(client: Client) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "6f1c0a2e-balancer.1"})

    assert response["X-Request-ID"] == "6f1c0a2e-balancer.1"


def test_it_makes_a_request_id_when_none_came(client: Client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


@pytest.mark.parametrize(
    "header",
    ["", "two words", 'quote"d', "line\nbreak", "x" * 129, '{"json": 1}', "ümlaut"],
    ids=["empty", "space", "quote", "newline", "too-long", "json", "non-ascii"],
)
def test_it_replaces_an_id_that_could_forge_log_lines(header: str) -> None:
    replaced = request_id_from(header)

    assert replaced != header
    assert len(replaced) == 32


def test_it_puts_the_id_on_lines_logged_after_the_middleware_returned(client: Client, json_lines: io.StringIO) -> None:
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-404"})

    assert response.status_code == 404
    [line] = lines(json_lines)
    assert line["request_id"] == "req-404"
    assert line["levelname"] == "WARNING"
    assert line["message"] == "Not Found: /no-such-page/"
    assert str(line["time"]).endswith("+00:00")


def test_it_forgets_the_id_when_the_response_is_closed(client: Client) -> None:
    client.get("/healthz", headers={"X-Request-ID": "req-gone"})

    assert request_id_var.get() == "-"


def test_it_writes_text_lines_outside_production() -> None:
    config = logging_config(json_lines=False, level="INFO")

    assert "()" not in config["formatters"]["default"]
    assert "%(request_id)s" in config["formatters"]["default"]["format"]
