"""``python -m smeintl`` entry point."""

import signal
import sys

from smeintl.cli import main

if hasattr(signal, "SIGPIPE"):
    # `python -m smeintl diff … | head` ends quietly, as other command-line tools do
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
sys.exit(main())
