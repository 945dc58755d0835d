"""`python -m polish`."""

from polish.cli import main

main()
