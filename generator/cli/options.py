"""Option types and the connection options shared by every command that reads a database.

Every value a user types is checked by its click type before any work starts, and a
bad one is refused in one line (what, which option, what to give instead), exit 2:

- `Interval`: a PostgreSQL time limit with its unit (`500ms`, `5s`, `2min`). Never 0,
  which PostgreSQL reads as "no limit", and never below 1 ms, which it rounds to 0.
- `Seconds`, `Percent`: finite numbers, so `nan` and `inf` never reach a sleep or a
  comparison; `Count`: a whole number in a range.

`database_options` declares `--dsn`, `--connect-timeout`, `--statement-timeout`,
`--lock-timeout` and `--jobs` once for `snapshot`, `build`, `lint` and `diff`, and
hands the command one `IntrospectOptions` made by `introspect_options`, so that every
command reads a database the same way.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from generator.introspect import (
    CONNECT_TIMEOUT,
    JOBS,
    LOCK_TIMEOUT,
    STATEMENT_TIMEOUT,
    introspect_options,
)
from generator.names.visible import visible
from generator.runtime.redaction import redact

__all__ = ["Count", "Interval", "OptionError", "Percent", "Seconds", "database_options"]

F = TypeVar("F", bound=Callable[..., Any])

_MS_PER = {"us": 0.001, "ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}
_INTERVAL = re.compile(r"^\s*(?P<n>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[a-z]*)\s*$")
_MAX_MS = 2**31 - 1  # PostgreSQL keeps its time limits in an int of milliseconds
_MAX_SECONDS = 86_400.0


class OptionError(click.BadParameter):
    """A bad option value, reported like every other error: one line, exit 2."""

    def show(self, file: Any = None) -> None:
        # A name in the message holding an escape sequence or an override is shown
        # as escapes: a terminal must not act on it (generator.names.visible).
        click.echo(f"schemadoc: error: {visible(redact(self.format_message()))}", err=True)

    def format_message(self) -> str:
        name = self.param.opts[0] if self.param is not None and self.param.opts else "value"
        return f"{name}: {self.message}"


def _canonical(ms: int) -> str:
    """`ms` in the largest unit that holds it whole: 5000 -> `5s`, 90000 -> `90s`."""
    for unit in ("d", "h", "min", "s"):
        if ms % _MS_PER[unit] == 0:
            return f"{ms // int(_MS_PER[unit])}{unit}"
    return f"{ms}ms"


# click.ParamType is generic from click 8.3 on; subscripting it would break older clicks.
class Interval(click.ParamType):  # type: ignore[type-arg]
    """A time limit with a unit (us, ms, s, min, h, d), passed to PostgreSQL as a whole
    number of milliseconds; at least 1 ms, at most PostgreSQL's 24.8 days."""

    name = "interval"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value)
        found = _INTERVAL.match(text)
        if found is None or found.group("unit") not in _MS_PER:
            raise OptionError(f"{text!r} is not a time limit; give a number and a unit "
                              "(us, ms, s, min, h, d), e.g. 500ms, 5s or 2min", ctx, param)
        ms = float(found.group("n")) * _MS_PER[found.group("unit")]
        if ms == 0:
            raise OptionError(f"{text} would mean no limit at all; give at least 1ms", ctx,
                              param)
        if ms < 1:
            raise OptionError(
                f"{text} is below 1ms, which PostgreSQL would turn into 0, meaning no limit; "
                "give at least 1ms", ctx, param)
        whole = math.floor(ms + 0.5)
        if whole > _MAX_MS:
            raise OptionError(f"{text} is over PostgreSQL's largest limit ({_MAX_MS}ms, "
                              "about 24 days); give less", ctx, param)
        return _canonical(whole)


class _Finite(click.ParamType):  # type: ignore[type-arg]
    """A finite float within [low, high]; `low` itself only when `zero_ok`."""

    def __init__(self, low: float, high: float, zero_ok: bool, what: str) -> None:
        self.low, self.high, self.zero_ok, self.what = low, high, zero_ok, what

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise OptionError(f"{value!r} is not a number; give {self.what}", ctx,
                              param) from None
        too_low = number < self.low or (number == self.low and not self.zero_ok)
        if not math.isfinite(number) or too_low or number > self.high:
            raise OptionError(f"{value} is out of range; give {self.what}", ctx, param)
        return number


class Seconds(_Finite):
    """A positive, finite number of seconds (at most a day)."""

    name = "seconds"

    def __init__(self) -> None:
        super().__init__(0.0, _MAX_SECONDS, False,
                         f"a number of seconds above 0 and at most {_MAX_SECONDS:.0f}")


class Percent(_Finite):
    """A finite percentage, 0 or more."""

    name = "percent"

    def __init__(self) -> None:
        super().__init__(0.0, 1e9, True, "a percentage of 0 or more")


class Count(click.IntRange):
    """A whole number within a range, refused in one line like the types above."""

    def fail(self, message: str, param: click.Parameter | None = None,
             ctx: click.Context | None = None) -> NoReturn:
        raise OptionError(message.rstrip("."), ctx, param)


def _connection_params(with_dsn: bool) -> list[Callable[[F], F]]:
    dsn = click.option(
        "--dsn", metavar="DSN",
        help="Connection string (postgresql://user@host/db or 'host=... dbname=...'). "
        "Default: $DATABASE_URL, else libpq's PG* variables.")
    rest = [
        click.option("--connect-timeout", default=CONNECT_TIMEOUT, show_default=True,
                     type=Seconds(), metavar="SECONDS",
                     help="Total time to wait for the server, retries included (a sleeping "
                     "serverless compute needs a few seconds). Only failures that can heal "
                     "(refused, timed out, starting up, too many connections) are retried."),
        click.option("--statement-timeout", default=STATEMENT_TIMEOUT, show_default=True,
                     type=Interval(), metavar="INTERVAL",
                     help="Limit for each catalog query, with a unit (us, ms, s, min, h, d). "
                     "At least 1ms: a smaller value, which PostgreSQL would round to 0 (no "
                     "limit), is refused."),
        click.option("--lock-timeout", default=LOCK_TIMEOUT, show_default=True,
                     type=Interval(), metavar="INTERVAL",
                     help="Limit for waiting on any lock, with a unit; at least 1ms, as "
                     "above."),
        click.option("--jobs", default=JOBS, show_default=True, type=Count(1, 2),
                     metavar="N",
                     help="Read-only connections sharing one snapshot (2 reads the catalog "
                     "twice as fast on large databases; 1 uses a single connection)."),
    ]
    return ([dsn] if with_dsn else []) + rest


def database_options(with_dsn: bool = True) -> Callable[[F], F]:
    """The connection options; the command receives them as `database`, one
    IntrospectOptions (and `dsn`, the option as given, when `with_dsn`)."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, connect_timeout: float, statement_timeout: str,
                    lock_timeout: str, jobs: int, **kwargs: Any) -> Any:
            kwargs["database"] = introspect_options(connect_timeout, statement_timeout,
                                                    lock_timeout, jobs)
            return func(*args, **kwargs)

        decorated: Any = wrapper
        for option in reversed(_connection_params(with_dsn)):
            decorated = option(decorated)
        return decorated  # type: ignore[no-any-return]

    return decorate
