"""Checks of the code family (being built)."""

CHECKS: list = []
