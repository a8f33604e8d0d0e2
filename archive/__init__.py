"""A static site generator for an archive of Chinese news and government reports."""

__version__ = "0.1.0"
