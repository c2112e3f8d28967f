"""Forms of the placements pages, one module per area (departure: the gate
and departure cohorts). Import the module you need."""
