"""aislop: a QA linter for AI-generated deliverables."""

__version__ = "0.1.0"
