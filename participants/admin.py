"""Participants are deliberately not in the admin.

Every change to a participant goes through participants.actions, which
checks the lifecycle's allowed transitions, bumps the edit version and writes
the history and audit rows; an admin form would bypass all of that. Showing a
participant's NIK and address must be audit-logged as a sensitive view, which
the app's participant pages do and the admin would not. Ministry staff read
and change participants through the app.
"""
