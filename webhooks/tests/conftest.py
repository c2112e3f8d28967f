from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytest_django.fixtures import Settings

from webhooks.tests.receiver import Receiver


@pytest.fixture(autouse=True)
def plain_http_to_this_machine(settings: Settings) -> None:
    """The test receivers listen on http://127.0.0.1."""
    settings.WEBHOOKS_ALLOW_HTTP = True


@pytest.fixture
def new_receiver() -> Iterator[Callable[[], Receiver]]:
    """Starts receivers (one per endpoint: each checks its own secret); all stop after the test."""
    running: list[Receiver] = []

    def start() -> Receiver:
        receiver = Receiver()
        receiver.start()
        running.append(receiver)
        return receiver

    yield start
    for receiver in running:
        receiver.stop()


@pytest.fixture
def receiver(new_receiver: Callable[[], Receiver]) -> Receiver:
    return new_receiver()
