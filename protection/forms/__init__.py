"""The protection forms, one module per area."""
