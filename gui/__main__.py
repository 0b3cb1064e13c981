"""``python -m gui``: start the app (also the PyInstaller entry point, hence absolute imports)."""

import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main())
