"""Checks of the images family (being built)."""

CHECKS: list = []
