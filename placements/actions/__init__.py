"""Workflows of the placements app, one module per area (departure: the
pre-departure gate and departure cohorts). Import the module you need."""
