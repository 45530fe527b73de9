"""Avatar pictures: decoded off the loop, drawn as a coloured disc when there is none.

A card PNG can be several megabytes; decoding it on the loop thread would
stall the bot (they share the loop). `QImage` may be used from any thread,
`QPixmap` only from the GUI thread: decode and scale to a QImage in a worker
thread, convert to a pixmap back on the loop.

The worker decodes with `QImageReader.read()`, which PySide6 (6.7-6.12) runs
without the GIL; `QImage.fromData()` holds it for the whole decode, so a 5 MB
noise PNG stalled the loop for 25-30 ms even from a worker thread.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from PySide6 import QtCore, QtGui

#: Edge of the list icons and the editor preview, in device-independent pixels.
LIST_SIZE = 40
PREVIEW_SIZE = 96


def read_image(
    data: bytes, edge: int, mode: QtCore.Qt.AspectRatioMode = QtCore.Qt.AspectRatioMode.KeepAspectRatio
) -> QtGui.QImage | None:
    """The picture in `data`, scaled to `edge` px by `mode` while it is decoded (None: not an image).

    For worker threads: the decode runs without the GIL (see the module docstring).
    """
    buffer = QtCore.QBuffer()
    buffer.setData(QtCore.QByteArray(data))
    if not buffer.open(QtCore.QIODevice.OpenModeFlag.ReadOnly):
        return None
    reader = QtGui.QImageReader(buffer)
    size = reader.size()
    if size.isValid() and not size.isEmpty():
        # Smoothly scaled by the reader (its fallback for formats that cannot scale themselves too).
        reader.setScaledSize(size.scaled(edge, edge, mode).expandedTo(QtCore.QSize(1, 1)))
    image = reader.read()
    buffer.close()
    if image.isNull():
        return None
    if not size.isValid() or size.isEmpty():
        image = image.scaled(edge, edge, mode, QtCore.Qt.TransformationMode.SmoothTransformation)
    return image


def _decode(data: bytes, size: int, ratio: float) -> QtGui.QImage | None:
    edge = max(1, round(size * ratio))
    scaled = read_image(data, edge)
    if scaled is None:
        return None
    scaled.setDevicePixelRatio(ratio)
    return scaled


async def decode(data: bytes, size: int, ratio: float = 1.0) -> QtGui.QImage | None:
    """The picture in `data` scaled to fit `size` (None if it is not an image)."""
    return await asyncio.to_thread(_decode, data, size, ratio)


async def decode_file(path: Path | None, size: int, ratio: float = 1.0) -> QtGui.QImage | None:
    """Read and decode in the same worker thread (the read is I/O, the decode CPU)."""
    if path is None:
        return None

    def work() -> QtGui.QImage | None:
        try:
            return _decode(path.read_bytes(), size, ratio)
        except OSError:
            return None

    return await asyncio.to_thread(work)


def pixmap(image: QtGui.QImage | None, name: str, size: int, ratio: float = 1.0) -> QtGui.QPixmap:
    """The decoded avatar, or a disc with the name's initial (GUI thread only)."""
    if image is not None:
        return QtGui.QPixmap.fromImage(image)
    return placeholder(name, size, ratio)


def placeholder(name: str, size: int, ratio: float = 1.0) -> QtGui.QPixmap:
    """A disc whose colour comes from the name, like the card exporter's placeholder."""
    edge = max(1, round(size * ratio))
    result = QtGui.QPixmap(edge, edge)
    result.setDevicePixelRatio(ratio)
    result.fill(QtCore.Qt.GlobalColor.transparent)
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    colour = QtGui.QColor(64 + digest[0] % 160, 64 + digest[1] % 160, 64 + digest[2] % 160)
    painter = QtGui.QPainter(result)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(QtCore.QRectF(0, 0, size, size))
    font = painter.font()
    font.setPixelSize(max(6, int(size * 0.5)))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QtGui.QColor("white"))
    initial = (name.strip()[:1] or "?").upper()
    painter.drawText(QtCore.QRectF(0, 0, size, size), QtCore.Qt.AlignmentFlag.AlignCenter, initial)
    painter.end()
    return result
