"""Checks of the hallucination family (being built)."""

CHECKS: list = []
