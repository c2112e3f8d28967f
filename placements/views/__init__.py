"""Pages of the placements app, one module per area (departure: the gate's
pages; cohorts: departure cohorts). Import the module you need."""
