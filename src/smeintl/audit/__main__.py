"""``python -m smeintl.audit`` — the same as ``python -m smeintl audit``."""

import sys

from smeintl.audit import main

sys.exit(main())
