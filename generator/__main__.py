"""`schemadoc` and `python -m generator`: signal handlers first, then the CLI.

The handlers are installed before the CLI's imports (a quarter of a second: click,
rich, psycopg, Jinja2), so that Ctrl-C or SIGTERM even then ends with one line and
exit status 128 + the signal's number, not a traceback.
"""

from __future__ import annotations

import sys

try:
    from generator.runtime import interrupts
except KeyboardInterrupt:
    # Ctrl-C while the signal handlers themselves are imported (their module loads
    # subprocess: tens of milliseconds on a busy machine): Python's own handler raised
    # it; nothing has been written yet.
    print("schemadoc: interrupted by SIGINT; stopped cleanly (no file was left "
          "half-written, no process left running)", file=sys.stderr)
    sys.exit(130)


def main() -> None:
    """Console-script entry point."""
    interrupts.install()
    try:
        from generator.cli import main as cli_main
    except KeyboardInterrupt as exc:
        interrupts.settle()
        text, code = interrupts.message(exc)
        print(text, file=sys.stderr)
        sys.exit(code)
    cli_main()


if __name__ == "__main__":
    main()
