"""Allow ``python -m aislop``."""

from aislop.cli import main

if __name__ == "__main__":  # pragma: no cover - thin wrapper
    main()
