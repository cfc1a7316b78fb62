"""``python -m cocreate.sensemaking``: the ``cocreate-sense`` command line."""

import sys

from .cli import main

sys.exit(main())
