"""The calculator's own input and output widgets."""
