"""Building a large model without the cyclic garbage collector in the way, and without
changing the collector for the rest of the process.

`gc_paused()` wraps the building of a model (`introspect()`, `loads()`); it leaves the
collector as it found it, with nothing frozen. Only the command line's entry point,
which owns its process for one command, opts into keeping models frozen until the
process exits (`keep_models_frozen()`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Set by keep_models_frozen(): models stay frozen until the process exits.
_keep_frozen = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a model is built, and leave it as it
    was found.

    A large catalog makes a million objects and no reference cycles; the collector
    would scan them again and again as they are made (half the time of reading a
    10,000-table snapshot). On the way out the objects are moved to the oldest
    generation in one step (frozen and unfrozen at once, no scan), as if they had
    survived the young collections: those never scan them again, only full ones do.
    Nothing stays frozen, so a program that embeds schemadoc frees a model like any
    other object, and a freeze of its own (a forking server's) is left alone. After
    `keep_models_frozen()` (the command line) they stay frozen instead.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _keep_frozen:
            gc.freeze()
        elif gc.get_freeze_count() == 0:  # else unfreezing would thaw what the host froze
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def keep_models_frozen() -> None:
    """For the command line, which runs one command and exits: from now on the models
    it builds stay frozen, out of every garbage collection, until the process ends (a
    full collection scans a 10,000-table model in about 0.1 s; a build or a diff would
    run several, and the interpreter one more on its way out). Not for a program that
    embeds schemadoc. Does nothing when the process froze objects of its own."""
    global _keep_frozen
    _keep_frozen = gc.get_freeze_count() == 0
