"""Hallucination family (AIS2xx): invented sources, template leftovers and assistant chatter."""
