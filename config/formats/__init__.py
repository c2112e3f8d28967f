"""How each language writes dates and numbers (one module per language), and
the mark after a form field's label.

Django's forms put ``gettext(":")`` after every label, and Django's own Japanese
catalogue leaves it an ASCII colon ("面接日:"). Japanese forms as OTIT and JITCO
print them take the full-width one ("面接日："), so the project's catalogue,
which Django reads before its own, translates ":" too; marking it here keeps
the entry in the catalogue."""

from django.utils.translation import gettext_noop

# Translators: the mark after a form field's label ("Name:"); Japanese takes the full-width colon.
LABEL_SUFFIX = gettext_noop(":")
