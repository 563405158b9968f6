"""``python -m smeintl`` entry point."""

import sys

from smeintl.cli import main

sys.exit(main())
