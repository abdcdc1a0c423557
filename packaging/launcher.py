"""The frozen program's entry point: ``tripfold`` as the command line starts it."""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the reading pool forks on Linux; a spawned child elsewhere needs it
    sys.exit(main())
