"""The command line: one module per command; ``main.py`` assembles the typer app.

:func:`run` is the console script. It turns every failure into one clear line and an
exit code (2 for unusable input, 3 for a bug in cyp), never a traceback unless
``CYP_DEBUG=1``. ``cyp lint`` goes straight to ``lint.main`` without importing typer,
and commands import what they need inside their function, so lint never pays for
jinja2, pandoc or typst.
"""

from __future__ import annotations

import os
import sys


def describe_os_error(exc: OSError) -> str:
    """One line naming the path (shortened: it may be 100,000 characters) and why."""
    name = str(exc.filename) if exc.filename is not None else ""
    if len(name) > 80:
        name = name[:60] + "..." + name[-17:]
    why = exc.strerror or str(exc)
    return f"{name}: {why.lower()}" if name else why


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

    argv = sys.argv[1:] if argv is None else argv
    _stop_cleanly_on_signals()
    try:
        if argv[:1] == ["lint"]:
            from .lint import main

            sys.exit(main(argv[1:]))
        from .main import app

        app(args=argv, prog_name="cyp")
    except InputError as exc:
        sys.stderr.write(f"cyp: {exc.diagnostic}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("cyp: interrupted\n")
        sys.exit(130)
    except OSError as exc:  # the machine refused (read-only, a folder, a name too long)
        if os.environ.get("CYP_DEBUG"):
            raise
        sys.stderr.write(f"cyp: {describe_os_error(exc)}\n")
        sys.exit(2)
    except Exception as exc:  # the last line of defence: a bug, reported in one line
        if os.environ.get("CYP_DEBUG"):
            raise
        sys.stderr.write(
            f"cyp: internal error: {type(exc).__name__}: {exc} "
            "(set CYP_DEBUG=1 for a traceback and please report it)\n"
        )
        sys.exit(3)
