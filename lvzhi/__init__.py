"""lvzhi (履职): party-building and duty-performance work of a CPPCC committee, and the figures it publishes."""

__version__ = "0.1.0"
