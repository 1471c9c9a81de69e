"""Entry shim: `python cli.py ...` runs the same CLI as the `segsearch` command."""

from segsearch.cli import main

if __name__ == "__main__":
    main()
