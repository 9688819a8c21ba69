"""aislop's built-in checks, one module per family, registered through the
``aislop.checks`` entry-point group exactly like a third-party plugin."""
