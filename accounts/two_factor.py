"""The second factor: a TOTP device (an authenticator app) per user.

A user enrols by scanning the secret (as a QR code drawn on the server) and
typing one code, which confirms the device; from then on signing in asks for
a code after the password. Enrolling and removing write audit rows in the
same transaction as the change.
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import access
from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction

DEVICE_NAME = "authenticator"


class WrongCode(Exception):
    """The code typed is not the device's current one (or was used already)."""


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def session_verified(user: User) -> bool:
    """Whether this request's session passed the second factor (set by django-otp's middleware)."""
    return getattr(user, "otp_device", None) is not None


def is_required_for(user: User) -> bool:
    """Whether this user may not use the app without a second factor."""
    return bool(settings.REQUIRE_2FA_FOR_MINISTRY_ADMINS) and access.is_ministry_admin(user)


def may_enrol(user: User) -> bool:
    """Every staff user (anyone with a membership) may use a second factor."""
    return bool(access.memberships_of(user))


def start_enrolment(*, user: User) -> TOTPDevice:
    """The user's device waiting for its first code, made once: reloading the
    page keeps the secret that may already be scanned."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": DEVICE_NAME})
    return device


@transaction.atomic
def confirm_enrolment(*, device: TOTPDevice, token: str, by: User) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
    if not device.verify_token(token):
        raise WrongCode
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=by, action=AuditAction.UPDATED, target=device.user, changes={"two_factor": [None, "TOTP"]})
    return device


@transaction.atomic
def remove_device(*, user: User, by: User) -> int:
    """Remove the user's devices, confirmed or waiting; the next sign-in asks
    for the password only (or, where a second factor is required, to enrol)."""
    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    if removed:
        audit.record(actor=by, action=AuditAction.UPDATED, target=user, changes={"two_factor": ["TOTP", None]})
    return removed


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it typed: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here: no image
    service sees the secret, and the page needs no script to show it."""
    code = segno.make(device.config_url, error="m")
    return str(code.svg_inline(scale=5, dark="#1f2937", light="#ffffff", title="QR"))
