"""Placements pages, one module per area: authorize through accounts.access,
validate with a form, call one action, render."""
