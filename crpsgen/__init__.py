"""crpsgen: a small static site generator for trustworthy patient information."""

__version__ = "0.1.0"
