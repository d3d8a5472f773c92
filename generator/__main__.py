"""`schemadoc` and `python -m generator`: signal handlers first, then the CLI.

The handlers are installed before the CLI's imports (a quarter of a second: click,
rich, psycopg, Jinja2), so that Ctrl-C or SIGTERM even then ends with one line and
exit status 128 + the signal's number, not a traceback.
"""

from __future__ import annotations

import sys

from generator.runtime import interrupts


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
