"""Grievances the access tests open pages of."""

from __future__ import annotations

from protection.actions.cases import CaseDetails, open_case
from protection.models import Case, Category, Door
from tests.cast import Cast


def budis_report(cast: Cast) -> Case:
    """A report budi made through his own login."""
    return open_case(
        details=CaseDetails(category=Category.WAGES, description="Gaji dipotong.", participant=cast.budi),
        door=Door.PARTICIPANT,
        by=cast.participant_user,
    )
