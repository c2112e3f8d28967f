"""The signed link of a safety check e-mail: it answers one worker's question
without a login, until it expires (SAFETY_LINK_DAYS). Only the question's
number is signed; the signature, not a stored token, proves the link is ours."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

_SALT = "protection.safety.reply"


def reply_token(question_id: int) -> str:
    return signing.dumps(question_id, salt=_SALT)


def question_id_of(token: str) -> int | None:
    """The question a token answers; None for a forged, altered or expired one."""
    max_age = datetime.timedelta(days=settings.SAFETY_LINK_DAYS)
    try:
        value = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return value if isinstance(value, int) else None


def reply_url(question_id: int) -> str:
    """The whole address, for an e-mail read outside any request of ours."""
    return f"{settings.SITE_URL}{reverse('protection:safety_reply', args=[reply_token(question_id)])}"
