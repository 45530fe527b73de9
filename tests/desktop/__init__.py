"""Desktop shell tests: pure mappings, Qt on a qasync loop, the real app in subprocesses, a real X tray."""
