"""Images for a model: decoded, turned upright, shrunk and re-encoded, off the event loop.

Pillow does the work (imported only when an image arrives: a bot that never
sees one does not pay its memory). Output is a PNG or JPEG every
OpenAI-compatible server takes (OpenAI, OpenRouter, Ollama, LM Studio,
llama.cpp, vLLM): JPEG for photos, PNG for transparency and for screenshots
and drawings. Re-encoding also drops EXIF, so a photo's GPS position is not
sent on to a third-party model. `image_tokens` says what an image costs in a
prompt budget.
"""

from __future__ import annotations

import io
import math
import threading
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from PIL import Image as PILImage

__all__ = ["MAX_IMAGE_BYTES", "MAX_IMAGE_SIDE", "ImageError", "encode_image", "image_tokens"]

#: Long side after downscaling. OpenAI's high detail works on 768 px on the short side and
#: 2,048 on the long one, Claude on about 1,568, local vision models on 336-896; 1,024
#: keeps text in screenshots legible everywhere without paying for pixels no model uses.
MAX_IMAGE_SIDE = 1024
#: Encoded bytes per image (before base64, which adds a third). A 1,024 px JPEG at
#: quality 85 is 100-300 KB, so this only bites on noise-like photos and PNG photos;
#: four images stay under 6 MB per request, within every server's body limit.
MAX_IMAGE_BYTES = 1_000_000
#: Images are not shrunk below this long side to meet the byte cap; they are skipped instead.
MIN_IMAGE_SIDE = 256
#: Decoded size limit: larger images are skipped before their pixels are read (a
#: decompression bomb is a few KB that claims gigapixels). 50 MP covers phone cameras;
#: Pillow's own guard only starts at 89 MP (warning) and 179 MP (error).
MAX_SOURCE_PIXELS = 50_000_000
_JPEG_QUALITIES = (85, 75, 65, 50, 40)
_PILLOW_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")  # never let Pillow guess among all its plugins (EPS runs Ghostscript)
# Two cores is the design target: decoding more photos at once only adds peak memory.
_DECODE_SLOTS = threading.BoundedSemaphore(2)


class ImageError(Exception):
    """An image that cannot be sent; the message is the reason, in words."""


def encode_image(
    data: bytes,
    *,
    max_side: int = MAX_IMAGE_SIDE,
    max_bytes: int = MAX_IMAGE_BYTES,
    max_pixels: int = MAX_SOURCE_PIXELS,
) -> tuple[Literal["image/jpeg", "image/png"], bytes, int, int]:
    """Decode, shrink and re-encode one image: (media type, bytes, width, height).

    Blocking and CPU-bound: call it in a thread. Raises ``ImageError`` with a reason.
    """
    from PIL import Image, ImageOps  # only when an image arrives (about 4 MB)

    errors = _pillow_errors()
    with _DECODE_SLOTS:
        try:
            with Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS) as source:
                width, height = source.size
                if width * height > max_pixels:
                    raise ImageError(f"too large to open, {width}x{height} pixels")
                fmt = source.format or ""
                if fmt == "JPEG":  # let libjpeg decode at 1/2, 1/4 or 1/8 scale: much faster, less memory
                    source.draft("RGB", _fitted(width, height, max_side))
                source.seek(0)  # animated GIF/WebP/APNG: the first frame
                source.load()
                frame = _normalised(ImageOps.exif_transpose(source) or source)
            frame.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            return _fit(frame, fmt, max_bytes)
        except ImageError:
            raise
        except Image.DecompressionBombError as exc:
            raise ImageError("too large to open (a decompression bomb)") from exc
        except errors as exc:
            raise ImageError(f"the image cannot be decoded ({_reason(exc)})") from exc
        except MemoryError as exc:
            raise ImageError("not enough memory to open it") from exc


def _pillow_errors() -> tuple[type[Exception], ...]:
    """What Pillow raises for damaged data: OSError (UnidentifiedImageError, truncated files),
    SyntaxError (bad chunks, CRC), ValueError, and from some decoders EOFError, struct.error,
    zlib.error."""
    import struct
    import zlib

    return (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)


def _reason(exc: Exception) -> str:
    from PIL import UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):  # its message shows a BytesIO address
        return "not a recognisable image"
    return str(exc)[:120] or exc.__class__.__name__


def _fitted(width: int, height: int, max_side: int) -> tuple[int, int]:
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _normalised(image: PILImage.Image) -> PILImage.Image:
    """RGB, or RGBA when some pixel is really transparent (a fully opaque alpha channel is dropped)."""
    mode = image.mode
    if mode in ("I", "I;16", "I;16B", "I;16L"):  # 16-bit greyscale PNG: scale, do not clip
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L").convert("RGB")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        low = rgba.getchannel("A").getextrema()[0]  # (min, max) for one band
        return rgba if isinstance(low, (int, float)) and low < 255 else rgba.convert("RGB")
    return image if mode == "RGB" else image.convert("RGB")


def _fit(
    image: PILImage.Image, source_format: str, max_bytes: int
) -> tuple[Literal["image/jpeg", "image/png"], bytes, int, int]:
    """PNG for transparency (256 colours if need be), JPEG at falling quality otherwise.

    A screenshot or drawing (a PNG or GIF source) stays PNG when that is at most three
    times the size of the JPEG: crisp text for some KB (the token cost is the same). A
    photo saved as PNG is eight times larger or more as PNG, so it goes JPEG. Smaller
    still as a last resort.
    """
    from PIL import Image

    while True:
        if image.mode == "RGBA":
            encoded = _save(image, "PNG")
            if len(encoded) <= max_bytes:
                return "image/png", encoded, *image.size
            encoded = _save(image.quantize(256, method=Image.Quantize.FASTOCTREE), "PNG")
            if len(encoded) <= max_bytes:
                return "image/png", encoded, *image.size
            flat = Image.new("RGB", image.size, (255, 255, 255))  # JPEG has no alpha: onto white
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        jpeg = next(
            (
                encoded
                for quality in _JPEG_QUALITIES
                if len(encoded := _save(image, "JPEG", quality=quality)) <= max_bytes
            ),
            None,
        )
        if source_format in ("PNG", "GIF"):
            png = _save(image, "PNG")
            if len(png) <= max_bytes and (jpeg is None or len(png) <= len(jpeg) * 3):
                return "image/png", png, *image.size
        if jpeg is not None:
            return "image/jpeg", jpeg, *image.size
        width, height = image.size
        if max(width, height) <= MIN_IMAGE_SIDE:
            raise ImageError("cannot be made small enough to send")
        image = image.resize((max(1, width * 3 // 4), max(1, height * 3 // 4)), Image.Resampling.LANCZOS)
        source_format = "JPEG"  # it did not fit as PNG at a larger size; do not try again


def _save(image: PILImage.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def image_tokens(width: int, height: int) -> int:
    """Prompt tokens an image of this size costs, taking the dearest common rule.

    OpenAI (high detail): fit in 2,048 px, short side to 768, then 170 tokens per
    512 px tile plus 85. Claude and Qwen-VL style models: about one token per 750
    (Claude) or 784 (Qwen, 28x28 patches) pixels. Llama.cpp/LLaVA and Gemma use a
    fixed 256-576. The larger of the first two is never an underestimate for those,
    which is what a prompt budget needs: a 1,024x768 image counts 1,049 tokens.
    """
    if width <= 0 or height <= 0:
        return 0
    w, h = float(width), float(height)
    scale = min(1.0, 2048 / max(w, h))
    w, h = w * scale, h * scale
    scale = min(1.0, 768 / min(w, h))
    w, h = w * scale, h * scale
    tiles = math.ceil(w / 512) * math.ceil(h / 512)
    openai = 85 + 170 * tiles
    per_pixel = math.ceil(width * height / 750)
    return max(openai, per_pixel)
