"""The protection pages, one module per area."""
