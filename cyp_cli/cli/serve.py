"""``cyp serve``: a live preview of the plan's HTML build for authors (the server is
``preview.py``). Listens on 127.0.0.1 unless ``--host`` names another address; only the
command line can change that, never the environment or the plan."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import fail, plan_root, require_build_tools, write_line
from .options import PlanFolder


def serve(
    plan: PlanFolder = None,
    port: Annotated[int, typer.Option(
        "--port", "-p", min=0, max=65535,
        help="Port to listen on; 0 picks a free one.")] = 8000,
    host: Annotated[str | None, typer.Option(
        "--host", show_default=False,
        help="Address to listen on (default: 127.0.0.1, this machine only). Another "
             "address, such as 0.0.0.0, shows the draft plan to the network.")] = None,
) -> None:
    """Preview the plan in a browser: a draft HTML build with the lint findings on the
    page, rebuilt and reloaded whenever a file in the plan changes. Nothing is written
    into the plan. Stop with Ctrl-C."""
    require_build_tools()
    import signal

    from ..preview import LiveServer, ServeError

    root = plan_root(plan)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    live = None
    try:
        live = LiveServer(root, host=host, port=port, log=write_line)
        if live.bind.warning:
            write_line(f"warning: {live.bind.warning}")
        write_line(live.preview.current.summary)
        print(f"cyp: serving {root.name} at {live.url} (Ctrl-C to stop)", flush=True)
        signal.signal(signal.SIGTERM, stop)
        live.serve_forever()
    except ServeError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass
    finally:
        if live is not None:
            live.close()
    write_line("stopped")
