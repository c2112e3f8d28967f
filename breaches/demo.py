"""Demo breach: the register is otherwise empty, and its clock is the page's
point. An LPK/SO reported a stolen laptop 30 hours ago; the ministry has told
the people it concerns but not yet the authority, so the clock shows the
hours left of Pasal 46's 3 × 24."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from breaches.actions import BreachDetails, NotificationDetails, record_notification, report_breach
from breaches.models import Audience, Breach, Channel, DataKind

REPORTED_HOURS_AGO = 30
PEOPLE_TOLD_HOURS_AGO = 6


def seed_breaches(*, now: datetime.datetime | None = None) -> Breach | None:
    """The one demo breach, once; None when seeded before or the demo logins are missing."""
    now = now or timezone.now()
    users = {user.username: user for user in User.objects.filter(username__in=["kemnaker", "lpk.officer"])}
    if Breach.objects.exists() or len(users) < 2:
        return None
    reporter = users["lpk.officer"]
    organization = reporter.memberships.select_related("organization").get().organization
    found_at = now - datetime.timedelta(hours=REPORTED_HOURS_AGO)
    breach = report_breach(
        details=BreachDetails(
            title="Laptop kantor berisi daftar kandidat dicuri",
            description=(
                "Laptop staf administrasi dicuri dari mobil di parkiran kantor. Di dalamnya ada berkas "
                "daftar kandidat angkatan 2026 (nama, NIK, nomor telepon). Laptop memakai kata sandi, "
                "tetapi diska tidak dienkripsi."
            ),
            measures="Laporan polisi dibuat; kata sandi akun staf diganti; kandidat dihubungi satu per satu.",
            occurred_at=found_at - datetime.timedelta(hours=3),
            found_at=found_at,
            subjects_count=120,
            count_is_estimate=True,
            data_kinds=[DataKind.IDENTITY, DataKind.CONTACT],
            organizations=[organization],
        ),
        organization=organization,
        by=reporter,
        now=found_at + datetime.timedelta(hours=1),
    )
    record_notification(
        breach_id=breach.pk,
        details=NotificationDetails(
            audience=Audience.DATA_SUBJECTS,
            told_at=now - datetime.timedelta(hours=PEOPLE_TOLD_HOURS_AGO),
            channel=Channel.SMS,
            recipients="120 kandidat angkatan 2026 LPK Karya Nusantara Mandiri",
        ),
        by=users["kemnaker"],
        now=now,
    )
    return breach
