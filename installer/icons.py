"""Render the app icon from `resources/icons/familiar.svg` at build time.

One SVG is the source; the PNGs (Linux hicolor theme), the .ico (Windows exe
and setup) and the .icns (macOS bundle) are made from it with QtSvg, so they
never drift. Output goes under `build/icons/` (ignored by git).

Run alone: `python -m installer.icons [out_dir]`.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from installer import project

log = logging.getLogger(__name__)

#: hicolor sizes a desktop looks for (Icon Theme spec; 22/24 for panels, 256+ for software centres).
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def hicolor_png(out_dir: Path, size: int) -> Path:
    return out_dir / "hicolor" / f"{size}x{size}" / "apps" / "familiar.png"


def render_all(out_dir: Path = project.BUILD_DIR / "icons", svg: Path = project.ICON_SVG) -> Path:
    """Write hicolor PNGs, familiar.ico and familiar.icns into `out_dir`; returns `out_dir`."""
    from PIL import Image

    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *ICNS_SIZES})
    pngs = _render_pngs(svg, out_dir / "png", sizes)
    for size in HICOLOR_SIZES:
        target = hicolor_png(out_dir, size)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size].read_bytes())
    with Image.open(pngs[256]) as big:
        big.save(out_dir / "familiar.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    with Image.open(pngs[1024]) as huge:
        huge.save(out_dir / "familiar.icns", format="ICNS")
    log.info("Icons rendered into %s", out_dir)
    return out_dir


def _render_pngs(svg: Path, out_dir: Path, sizes: list[int]) -> dict[int, Path]:
    """QtSvg needs a QGuiApplication (fonts); offscreen, so no display is needed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore, QtGui, QtSvg

    app = QtGui.QGuiApplication.instance() or QtGui.QGuiApplication(["familiar-icons"])
    renderer = QtSvg.QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"{svg} is not a valid SVG")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for size in sizes:
        image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(image)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QtCore.QRectF(0, 0, size, size))
        painter.end()
        path = out_dir / f"familiar-{size}.png"
        if not image.save(str(path)):  # PNG, from the suffix
            raise RuntimeError(f"cannot write {path}")
        written[size] = path
    del app  # keep the application alive until every image is painted
    return written


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    render_all(Path(sys.argv[1]) if len(sys.argv) > 1 else project.BUILD_DIR / "icons")
