"""PyInstaller runtime hook (Windows only): hold a named mutex while Familiar runs.

The Inno Setup installer and uninstaller (installer/windows/familiar.iss) look
for it with CheckForMutexes() to know a Familiar is running and close it before
they replace or delete its files. The app's own single-instance guard is a
QLockFile plus a QLocalServer (desktop/single_instance.py), which Inno Setup
cannot see. Windows releases the mutex when the process ends, however it ends.
The name must match `WINDOWS_MUTEX` in installer/project.py (a test checks).
"""


def _pyi_rthook():
    import ctypes
    import sys

    if sys.platform != "win32":
        return
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = ctypes.c_void_p
    # Session-local and global: a per-user and an all-users (admin) install both see it.
    # The handles are never closed: Windows closes them when the process ends.
    for name in ("FamiliarRunning", "Global\\FamiliarRunning"):
        kernel32.CreateMutexW(None, False, name)


_pyi_rthook()
del _pyi_rthook
