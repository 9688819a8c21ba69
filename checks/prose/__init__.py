"""Prose family (AIS1xx): writing that reads as formulaic, and the formulaic score."""
