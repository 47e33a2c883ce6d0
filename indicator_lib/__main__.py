"""``python -m indicator_lib`` runs the command line."""

import sys

from indicator_lib.cli import main

sys.exit(main())
