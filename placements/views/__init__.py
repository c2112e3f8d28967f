"""The placements pages, one module per area."""
