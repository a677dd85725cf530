"""coach: a calm terminal coach for leg-cramp prevention exercises."""

__version__ = "0.1.0"
