"""`python -m polish.cli`."""

from polish.cli import main

main()
