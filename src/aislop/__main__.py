"""Allow ``python -m aislop``.

``python -m`` puts the current folder first on ``sys.path``, so run inside an untrusted
checkout it would import that checkout's ``typer.py`` (or its fake plugin distribution)
instead of the real one. That entry is removed before anything else is imported; until then
only ``os`` and ``sys``, which the interpreter loaded at start-up, are used.
"""

import os
import sys


def drop_current_folder(path: list[str]) -> None:
    """Remove ``path[0]`` when it is the current folder put there by ``-m``; keep it when
    aislop itself was imported from that folder (a source tree run in place)."""
    try:
        cwd = os.path.realpath(os.getcwd())
    except OSError:  # the current folder was deleted
        cwd = None
    if not path or path[0] != "" and (cwd is None or os.path.realpath(path[0]) != cwd):
        return
    if cwd is not None and os.path.dirname(os.path.dirname(os.path.realpath(__file__))) == cwd:
        return
    del path[0]


if __name__ == "__main__":  # pragma: no cover - thin wrapper, tested in a subprocess
    drop_current_folder(sys.path)

    import gc  # built into the interpreter: no folder on the path can stand in for it

    gc.disable()  # until aislop.cli.main freezes what start-up made (see there)
    from aislop.cli import main

    main()
