"""E-mail for new deadline notices (placements.deadlines.mail): one letter per
address in its reader's language, each notice once, and nothing lost when
the mail server fails."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from joborders.tests.world import Japan
from participants.models import Participant
from placements import deadlines
from placements.deadlines import mail as deadline_mail
from placements.models import Notice, Placement
from placements.tests.duty_world import working
from tests.cast import Cast

pytestmark = pytest.mark.django_db
MOMENT = datetime.datetime(2027, 6, 1, 1, tzinfo=datetime.UTC)  # 20 days before the card expires


@pytest.fixture
def trainee(cast: Cast, japan: Japan) -> Placement:
    Participant.objects.filter(pk=cast.budi.pk).update(email="budi@example.id")
    return working(cast, japan, cast.budi)


def test_it_writes_to_the_company_in_japanese_and_to_the_worker_in_indonesian(trainee: Placement) -> None:
    with time_machine.travel(MOMENT, tick=False):
        deadlines.sweep_and_send(now=MOMENT)

    letters = {message.to[0]: message for message in mail.outbox}
    assert set(letters) == {"sato@example.jp", "budi@example.id"}
    japanese = letters["sato@example.jp"]
    # Dates and the company as Japanese readers write them.
    assert "2027年6月21日" in japanese.body
    assert "仙台製鋼株式会社" in japanese.body
    assert "Budi Santoso" in japanese.body
    indonesian = letters["budi@example.id"]
    assert "21 Juni 2027" in indonesian.body
    # The worker hears of their own papers and stage, not of the company's visits and audits.
    assert "Sendai Steel" not in indonesian.body
    assert "Budi Santoso" in indonesian.body
    assert Notice.objects.unsent().count() == 0


def test_it_mails_each_notice_once(trainee: Placement) -> None:
    deadlines.sweep(now=MOMENT)
    sent = deadline_mail.send_new_notices(now=MOMENT)
    again = deadline_mail.send_new_notices(now=MOMENT)

    assert sent == Notice.objects.count()
    assert again == 0
    assert len(mail.outbox) == 2


def test_it_keeps_the_notices_for_the_next_run_when_the_server_fails(
    trainee: Placement, monkeypatch: pytest.MonkeyPatch
) -> None:
    deadlines.sweep(now=MOMENT)

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(deadline_mail, "_deliver", refuse)
    with pytest.raises(ConnectionRefusedError):
        deadline_mail.send_new_notices(now=MOMENT)
    assert Notice.objects.unsent().count() == Notice.objects.count()

    monkeypatch.undo()
    assert deadline_mail.send_new_notices(now=MOMENT) == Notice.objects.count()


def test_it_sends_in_batches(trainee: Placement) -> None:
    deadlines.sweep(now=MOMENT)

    assert deadline_mail.send_new_notices(now=MOMENT, batch=1) == Notice.objects.count() > 1
    # One letter per notice to the company, and one to budi for each about him.
    about_budi = Notice.objects.filter(participant__isnull=False).count()
    assert len(mail.outbox) == Notice.objects.count() + about_budi
