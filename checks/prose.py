"""Checks of the prose family (being built)."""

CHECKS: list = []
