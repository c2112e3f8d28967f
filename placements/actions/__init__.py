"""Placements workflows, one module per area (interviews, offers, departure):
import them as ``from placements.actions import offers``."""
