"""`python -m generator` is `schemadoc`."""

from generator.cli import main

if __name__ == "__main__":
    main()
