"""Process concerns, beneath every stage: signals and Ctrl-C (`interrupts`), temporary
files swept on exit (`tempfiles`), folder locks (`locks`), the garbage-collector pause
around large loads (`gcpause`), and masking secrets in what is printed (`redaction`).

Kept free of heavy imports: `generator.__main__` installs the signal handlers from here
before anything else is imported.
"""
