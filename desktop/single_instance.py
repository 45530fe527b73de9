"""One Familiar per user (and per FAMILIAR_HOME): a lock file plus a local socket.

Two copies would run two bots on one token and fight over the settings. The
`QLockFile` decides who is first (Qt clears it when the holder has died);
the first copy then listens on a `QLocalServer`, and a later copy connects
and sends one line: `settings` (what a second `familiar` does), `quit`, or
`menu <action>` (trigger a tray menu action by name, the same code path as a
click: scripts and the end-to-end tests use it). The answer is `ok` or
`unknown`.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtNetwork

from bot.folders import Folders

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
#: A first copy that is still starting may not listen yet: keep trying this long.
SECOND_COPY_PATIENCE_MS = 5000

#: Handles one command; returns False for commands it does not know.
CommandHandler = Callable[[str], bool]


def server_name(folders: Folders) -> str:
    """Per user and per settings folder, short enough for a Unix socket path."""
    key = f"{_user()}\0{folders.config.resolve()}".encode()
    return f"familiar-{hashlib.sha256(key).hexdigest()[:16]}"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name (odd containers): the folder still separates
        return "unknown"


def lock_path(folders: Folders) -> Path:
    return folders.data / "familiar.lock"


def send(name: str, command: str, timeout_ms: int = CONNECT_TIMEOUT_MS) -> str | None:
    """Send one command to the running copy; its answer, or None if none answered.

    Blocking on purpose: it runs before any event loop exists (a second copy at
    startup) or in tests and scripts.
    """
    socket = QtNetwork.QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return None
    try:
        socket.write(command.encode("utf-8") + b"\n")
        socket.flush()  # (waitForBytesWritten says False when the write already went out)
        answer = b""
        while not answer.endswith(b"\n"):
            # The reply may arrive together with the server's disconnect; then
            # waitForReadyRead() says False although the bytes are buffered.
            ready = socket.waitForReadyRead(timeout_ms)
            answer += bytes(socket.readAll().data())
            if not ready:
                break
        return answer.decode("utf-8", "replace").strip() or None
    finally:
        socket.disconnectFromServer()


class SingleInstance(QtCore.QObject):
    """Holds the lock and, once `listen()`ed, serves commands from later copies."""

    def __init__(self, folders: Folders) -> None:
        super().__init__()
        self.name = server_name(folders)
        path = lock_path(folders)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = QtCore.QLockFile(str(path))
        self._lock.setStaleLockTime(0)  # stale only when the holder's process is gone, never by age
        self._server: QtNetwork.QLocalServer | None = None
        self._handler: CommandHandler | None = None

    def acquire(self) -> bool:
        """True if this is the first copy."""
        return bool(self._lock.tryLock(100))

    def notify_running(self, command: str = "settings") -> bool:
        """From a later copy: tell the first one `command`; True if it answered."""
        deadline = QtCore.QDeadlineTimer(SECOND_COPY_PATIENCE_MS)
        while True:
            answer = send(self.name, command)
            if answer is not None:
                return answer == "ok"
            if deadline.hasExpired():
                return False
            QtCore.QThread.msleep(100)  # the first copy may not listen yet; nothing else runs here

    def listen(self, handler: CommandHandler) -> None:
        self._handler = handler
        # A crashed copy leaves its socket file behind; we hold the lock, so it is not live.
        QtNetwork.QLocalServer.removeServer(self.name)
        server = QtNetwork.QLocalServer(self)
        server.setSocketOptions(QtNetwork.QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("Cannot listen for other Familiar copies (%s): %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._on_connection)
        self._server = server

    def close(self) -> None:
        """Idempotent: stop listening and release the lock."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._on_ready_read(s, b))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():  # the command came with the connection: no readyRead will follow
                self._on_ready_read(socket, buffer)

    def _on_ready_read(self, socket: QtNetwork.QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > 1024:
                socket.disconnectFromServer()
            return
        command = buffer.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
        log.info("Another Familiar asked: %s", command)
        known = self._handler is not None and self._handler(command)
        socket.write(b"ok\n" if known else b"unknown\n")
        socket.flush()
        socket.disconnectFromServer()
