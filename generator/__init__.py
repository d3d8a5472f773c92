"""schemadoc: a live PostgreSQL database turned into a documentation site.

The packages follow the data, each importing only those beneath it
(tests/test_layers.py): names, errors, runtime <- model <- introspect <- snapshot <-
config <- diagrams <- diff, lint, render <- commands <- cli.
"""

__version__ = "0.1.0"
