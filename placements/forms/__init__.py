"""Forms of the placements pages, one module per area."""
