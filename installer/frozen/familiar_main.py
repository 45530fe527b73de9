"""The frozen app's entry point: what the `familiar` console script runs (desktop.cli:main).

PyInstaller runs its script as `__main__`, so it cannot be desktop/__main__.py
(that one uses a relative import). This folder has no __init__.py on purpose:
PyInstaller puts the top package folder of its script on the search path, and
that must not be the checkout (the app is bundled as installed in the venv).
"""

import sys

from desktop.cli import main

sys.exit(main())
