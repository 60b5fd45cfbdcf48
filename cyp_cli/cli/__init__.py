"""The command line: one module per command; ``main.py`` assembles the typer app.

:func:`run` is the console script. It turns every failure into one clear line and an
exit code (``common.py``: 2 for unusable input, 3 for a bug in cyp), never a traceback
unless ``CYP_DEBUG=1``. Both stacks report bad input the same way, by raising
``common.UsageError``. ``cyp lint`` goes straight to ``lint.main`` and ``cyp
--version`` is answered without importing typer, and commands import what they need
inside their function, so lint never pays for jinja2, pandoc or typst.
"""

from __future__ import annotations

import os
import sys


def _stop_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP end cyp the way Ctrl-C does: as an exception, so every
    ``finally`` runs (temporary folders removed, a half-made build never switched in).
    Python's default for them is to die on the spot."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, stop)


def run(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    from ..diagnostics import InputError
    from .common import (
        EXIT_BUG,
        EXIT_INTERRUPTED,
        EXIT_USAGE,
        UsageError,
        describe_os_error,
        write_line,
    )

    argv = sys.argv[1:] if argv is None else argv
    _stop_cleanly_on_signals()
    try:
        if argv[:1] == ["lint"]:
            from .lint import main

            sys.exit(main(argv[1:]))
        if argv[:1] in (["--version"], ["-V"]):
            print(version_line())
            sys.exit(0)
        from .main import app

        app(args=argv, prog_name="cyp")
    except UsageError as exc:
        write_line(exc.message)
        sys.exit(exc.code)
    except InputError as exc:
        write_line(str(exc.diagnostic))
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        write_line("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:  # the machine refused (read-only, a folder, a name too long)
        if os.environ.get("CYP_DEBUG"):
            raise
        write_line(describe_os_error(exc))
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # the last line of defence: a bug, reported in one line
        if os.environ.get("CYP_DEBUG"):
            raise
        write_line(f"internal error: {type(exc).__name__}: {exc} "
                   "(set CYP_DEBUG=1 for a traceback and please report it)")
        sys.exit(EXIT_BUG)


def version_line() -> str:
    """What ``cyp --version`` prints."""
    from .. import __version__

    return f"cyp {__version__}"
