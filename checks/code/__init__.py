"""Code family (AIS3xx): Python files and notebook code cells, parsed with libcst, never run."""
