"""HTTP API and web page over one index (`segsearch serve`)."""

from .app import create_app

__all__ = ["create_app"]
