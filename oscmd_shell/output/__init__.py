"""Results that handlers return, and the formatters that render them."""
