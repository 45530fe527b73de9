"""Windows: the exe's version resource and the Inno Setup script `familiar.iss` (built on Windows)."""
