"""Packaging: the PyInstaller bundle, the Linux .deb, Windows and macOS installer scripts.

Not part of the installed `familiar` distribution: it runs from a checkout
(`python -m installer.build`). See `installer/build.py`.
"""
