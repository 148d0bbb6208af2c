"""`python -m licscan` runs the command line."""

from licscan.cli.main import main

if __name__ == "__main__":
    main()
