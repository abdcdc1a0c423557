"""``python -m app`` is ``tripfold``."""

import sys

from app.cli import main

sys.exit(main())
