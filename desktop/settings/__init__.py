"""The settings window (one module per page as it grows) and how it saves."""
