"""bot.attachments with real files: images made with Pillow, text in several encodings,
downloaded by the real discord.py client from tests/fakes/discord_server.py over 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import io
import logging
import struct
import time
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import discord
import openai
import pytest
from PIL import Image, ImageDraw

from bot import redact
from bot.attachments import (
    ImageCache,
    ImagePart,
    MessageParts,
    RecentAttachments,
    Skipped,
    collect_history_images,
    describe_attachments,
    has_image_marker,
    model_content,
    read_attachments,
)
from bot.discord_compat import fast_client_options
from bot.images import MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, image_tokens
from bot.model_limits import is_image_unsupported_error
from tests.fakes.discord_server import (
    DROP_CONNECTION,
    HANG_DOWNLOAD,
    AttachmentSpec,
    FakeDiscord,
    Guild,
    User,
)
from tests.fakes.openai_server import TEXT_ONLY_ERRORS, FakeModel

TIMEOUT = 10.0
log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- files


def encoded(image: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def photo(width: int, height: int, **options: Any) -> bytes:
    """A photo-like JPEG: a gradient under noise (noise is what makes photos large)."""
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return encoded(Image.blend(base, noise, 0.3), "JPEG", quality=92, **options)


def alpha_png(width: int = 2400, height: int = 1600) -> bytes:
    image = Image.effect_noise((width, height), 60).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize((width, height)))
    return encoded(image, "PNG")


def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "lime", "blue")]
    return encoded(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size it does not have: a decompression bomb's first bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + chunk(b"IEND", b"")
    )


def small_png(colour: str = "red", size: tuple[int, int] = (40, 30)) -> bytes:
    return encoded(Image.new("RGB", size, colour), "PNG")


def decode(part: ImagePart) -> Image.Image:
    header, _, data = part.data_url.partition(",")
    assert header == f"data:{part.media_type};base64"
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    assert image.format == {"image/jpeg": "JPEG", "image/png": "PNG"}[part.media_type]
    assert image.size == (part.width, part.height)
    return image


# --------------------------------------------------------------------------- a real client against the fake


class Client(discord.Client):
    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        options: dict[str, Any] = dict(fast_client_options())
        super().__init__(intents=intents, **options)
        self.messages: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.ready = asyncio.Event()

    async def on_ready(self) -> None:
        self.ready.set()

    async def on_message(self, message: discord.Message) -> None:
        await self.messages.put(message)

    async def message(self, message_id: int) -> discord.Message:
        async with asyncio.timeout(TIMEOUT):
            while (message := await self.messages.get()).id != message_id:
                pass
        return message


@pytest.fixture
def guild(fake: FakeDiscord) -> Guild:
    return fake.add_guild("Tavern", ["general"])


@pytest.fixture
def alice(fake: FakeDiscord) -> User:
    return fake.add_user("alice")


@asynccontextmanager
async def connected(fake: FakeDiscord) -> AsyncIterator[Client]:
    client = Client()
    task = asyncio.create_task(client.start(fake.token))
    try:
        async with asyncio.timeout(TIMEOUT):
            await client.ready.wait()
        yield client
    finally:
        await client.close()
        await asyncio.wait_for(task, TIMEOUT)


@pytest.fixture
async def client(fake: FakeDiscord, guild: Guild) -> AsyncIterator[Client]:
    async with connected(fake) as running:
        yield running


Post = Callable[..., Any]


@pytest.fixture
def post(fake: FakeDiscord, guild: Guild, alice: User, client: Client) -> Post:
    """Alice posts files in #general; returns the discord.Message the client received."""

    async def say(*attachments: AttachmentSpec, content: str = "look") -> discord.Message:
        said = await fake.user_says(
            guild.channel("general"), alice, content, mentions_bot=True, attachments=attachments
        )
        return await client.message(int(said["id"]))

    return say


# --------------------------------------------------------------------------- images


async def test_photo_is_turned_upright_shrunk_stripped_and_sent_as_jpeg(fake: FakeDiscord, post: Post) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° to display": the camera was held upright
    exif[0x010F] = "FakeCam"
    message = await post(("IMG_0001.jpg", photo(4000, 3000, exif=exif), "image/jpeg"))
    parts = await read_attachments(message)
    [image] = parts.images
    assert (image.attachment_id, image.filename) == (message.attachments[0].id, "IMG_0001.jpg")
    assert image.media_type == "image/jpeg" and (image.width, image.height) == (768, 1024)
    assert len(base64.b64decode(image.data_url.partition(",")[2])) <= MAX_IMAGE_BYTES
    assert not decode(image).getexif()  # no camera data (or GPS position) leaves for the model
    assert parts.text == "[image: IMG_0001.jpg]" and parts.skipped == ()
    assert image.tokens == image_tokens(768, 1024) == parts.image_tokens


async def test_big_png_with_alpha_stays_png_with_its_transparency(post: Post) -> None:
    message = await post(("sticker.png", alpha_png(), "image/png"))
    [image] = (await read_attachments(message)).images
    assert image.media_type == "image/png" and max(image.width, image.height) == MAX_IMAGE_SIDE
    picture = decode(image).convert("RGBA")
    low = picture.getchannel("A").getextrema()[0]
    assert isinstance(low, int) and low < 255


async def test_screenshot_stays_png_and_small_images_keep_their_size(post: Post) -> None:
    screen = Image.new("RGB", (1920, 1080), "white")
    draw = ImageDraw.Draw(screen)
    for line in range(60):
        draw.text((10, line * 17), f"Traceback (most recent call last): line {line}", fill="black")
    message = await post(("screen.png", encoded(screen, "PNG")), ("tiny.png", small_png()))
    screenshot, tiny = (await read_attachments(message)).images
    assert screenshot.media_type == "image/png" and (screenshot.width, screenshot.height) == (1024, 576)
    assert (tiny.width, tiny.height) == (40, 30)  # never enlarged


async def test_animations_give_their_first_frame(post: Post) -> None:
    png = Image.new("RGB", (64, 48), "red")
    apng = encoded(png, "PNG", save_all=True, append_images=[Image.new("RGB", (64, 48), "blue")], duration=100)
    message = await post(("dance.gif", animated("GIF")), ("dance.webp", animated("WEBP")), ("dance.png", apng))
    parts = await read_attachments(message)
    assert len(parts.images) == 3
    for image in parts.images:
        red, green, blue = decode(image).convert("RGB").getpixel((32, 24))  # type: ignore[misc]
        assert red > 200 and green < 60 and blue < 60, image.filename


async def test_webp_photo_is_sent_as_jpeg(post: Post) -> None:
    webp = encoded(Image.open(io.BytesIO(photo(1600, 1200))), "WEBP", quality=80)
    [image] = (await read_attachments(await post(("holiday.webp", webp)))).images
    assert image.media_type == "image/jpeg" and (image.width, image.height) == (1024, 768)


async def test_bytes_decide_not_names(fake: FakeDiscord, post: Post, caplog: pytest.LogCaptureFixture) -> None:
    message = await post(
        ("cat.png", photo(300, 200), "image/png"),  # a JPEG called PNG
        ("notes.txt", small_png("blue"), "text/plain"),  # a PNG called text
        ("photo.jpg", b"<html>Access denied</html>", "image/jpeg"),  # an error page called JPEG
    )
    caplog.set_level(logging.WARNING, "bot.attachments")
    parts = await read_attachments(message)
    assert [(i.filename, i.media_type) for i in parts.images] == [("cat.png", "image/jpeg"), ("notes.txt", "image/png")]
    assert parts.text.splitlines() == [
        "[image: cat.png]",
        "[image: notes.txt]",
        "[image: photo.jpg (not a PNG, JPEG, WebP or GIF image)]",
    ]
    assert parts.skipped == (Skipped("photo.jpg", "not a PNG, JPEG, WebP or GIF image"),)
    assert "'photo.jpg'" in caplog.text and f"of message {message.id}" in caplog.text


async def test_bombs_and_broken_images_are_skipped_with_a_log_line(
    post: Post, caplog: pytest.LogCaptureFixture
) -> None:
    truncated = photo(800, 600)
    message = await post(
        ("bomb.png", png_header(30_000, 30_000)),  # 900 MP: Pillow's own guard
        ("huge.png", png_header(9_000, 7_000)),  # 63 MP: ours, before any pixel is read
        ("cut.jpg", truncated[: len(truncated) // 2]),
        ("fine.png", small_png()),
    )
    caplog.set_level(logging.WARNING, "bot.attachments")
    parts = await read_attachments(message)
    assert [i.filename for i in parts.images] == ["fine.png"]  # the reply goes on with the rest
    reasons = {s.filename: s.reason for s in parts.skipped}
    assert reasons["bomb.png"] == "too large to open (a decompression bomb)"
    assert reasons["huge.png"] == "too large to open, 9000x7000 pixels"
    assert reasons["cut.jpg"].startswith("the image cannot be decoded")
    for name in ("bomb.png", "huge.png", "cut.jpg"):
        assert f"Leaving out '{name}'" in caplog.text


async def test_at_most_max_images_are_downloaded(fake: FakeDiscord, post: Post) -> None:
    message = await post(*[(f"p{i}.png", small_png()) for i in range(6)])
    parts = await read_attachments(message, max_images=4)
    assert [i.filename for i in parts.images] == ["p0.png", "p1.png", "p2.png", "p3.png"]
    assert parts.text.splitlines()[4:] == ["[image: p4.png]", "[image: p5.png]"]
    assert sorted(fake.downloads) == sorted(a.id for a in message.attachments[:4])
    assert parts.skipped == ()  # over the budget is not a failure


async def test_images_off_downloads_nothing_and_describes_them(fake: FakeDiscord, post: Post) -> None:
    message = await post(("cat.png", small_png()), ("notes.md", b"# hi"), ("cat.zip", b"PK\x03\x04"))
    parts = await read_attachments(message, images=False)
    assert parts.images == ()
    assert parts.text.splitlines() == [
        "[image: cat.png]",
        "[file: notes.md]",
        "```markdown",
        "# hi",
        "```",
        "[attachment: cat.zip]",
    ]
    assert fake.downloads == [message.attachments[1].id]  # only the text file
    assert describe_attachments(message.attachments) == "[image: cat.png]\n[file: notes.md]\n[attachment: cat.zip]"
    assert (await read_attachments(message, images=False, texts=False)).text == describe_attachments(
        message.attachments
    )


async def test_processing_stays_off_the_event_loop(post: Post) -> None:
    """A 4000x3000 photo: the loop keeps ticking (heartbeats!) while it is decoded."""
    message = await post(("big.jpg", photo(4000, 3000)))
    await message.attachments[0].read()  # warm the connection: measure the decoding, not the socket
    gaps: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    parts = await read_attachments(message)
    elapsed = time.perf_counter() - started
    done.set()
    await ticker
    assert len(parts.images) == 1
    log.info(
        "4000x3000 photo: %.0f ms to download and process; longest loop stall %.0f ms", elapsed * 1000, max(gaps) * 1000
    )
    assert elapsed < 5
    assert max(gaps) < 0.25


# --------------------------------------------------------------------------- text files


async def test_text_files_are_fenced_with_name_and_language(post: Post) -> None:
    code = 'def hello():\n    return "héllo ✓"\n'
    sneaky = "Here is a fence:\n```\nnot the end\n```\n"
    message = await post(("hello.py", code.encode()), ("README.md", sneaky.encode()), content="review this")
    parts = await read_attachments(message)
    assert parts.text == (
        "[file: hello.py]\n```python\n" + code + "```\n"
        "[file: README.md]\n````markdown\n" + sneaky + "````"  # a fence the content cannot close
    )


async def test_latin1_and_damaged_utf8_and_boms(post: Post) -> None:
    latin = "Crème brûlée à la café\n".encode("latin-1")
    damaged = ("naïve résumé ✓ " * 10).encode() + b"\xff\n"
    bom = "\ufeffwith a BOM\n".encode("utf-8")
    utf16 = "wide text\n".encode("utf-16")
    message = await post(("menu.txt", latin), ("cv.txt", damaged), ("bom.txt", bom), ("wide.txt", utf16))
    blocks = (await read_attachments(message)).text.split("[file: ")[1:]
    assert "Crème brûlée à la café" in blocks[0]  # not "Cr\ufffdme"
    assert "naïve résumé ✓" in blocks[1] and "\ufffd" in blocks[1]  # UTF-8 with one bad byte stays UTF-8
    assert "```\nwith a BOM\n```" in blocks[2]
    assert "wide text" in blocks[3]


async def test_long_text_is_cut_with_a_note_and_huge_or_binary_files_are_not_read(
    fake: FakeDiscord, post: Post
) -> None:
    lines = "".join(f"line {i:05d} of a long log\n" for i in range(5000))  # 130,000 characters
    message = await post(
        ("server.log", lines.encode()),
        ("dump.txt", b"\x00\x01\x02binary"),
        ("huge.txt", b"x" * (2 * 1024 * 1024)),
    )
    parts = await read_attachments(message, max_text_chars=10_000)
    kept = "".join(lines.splitlines(keepends=True)[:400]).rstrip("\n")  # cut at a line end within the cap
    assert parts.text.splitlines()[-2:] == [
        "[attachment: dump.txt (not a text file)]",
        "[file: huge.txt (too large to read, 2.0 MB)]",
    ]
    assert parts.text.startswith(
        f"[file: server.log]\n```\n{kept}\n```\n[file cut: the first 9,999 of {len(lines):,} characters]\n"
    )
    assert message.attachments[2].id not in fake.downloads  # Discord told its size: never fetched


async def test_pasted_secrets_in_files_are_redacted(post: Post) -> None:
    saved = redact.default_filter().secrets
    redact.register_secret("sk-very-secret-key-123")
    try:
        message = await post((".env", b"OPENAI_API_KEY=sk-very-secret-key-123\n"))
        text = (await read_attachments(message)).text
    finally:
        redact.set_secrets(saved)
    assert "sk-very-secret" not in text and "OPENAI_API_KEY=[redacted]" in text


# --------------------------------------------------------------------------- downloads that fail


async def test_failed_downloads_are_named_and_the_rest_goes_on(
    fake: FakeDiscord, post: Post, caplog: pytest.LogCaptureFixture
) -> None:
    message = await post(
        ("gone.png", small_png()),
        ("cut.png", small_png()),
        ("slow.png", small_png()),
        ("notes.txt", b"still here"),
        ("ok.png", small_png("blue")),
    )
    gone, cut, slow, notes, _ = message.attachments
    fake.fail_attachment(gone.id, 404)
    fake.fail_attachment(cut.id, DROP_CONNECTION)
    fake.fail_attachment(slow.id, HANG_DOWNLOAD)
    fake.fail_attachment(notes.id, 500)
    caplog.set_level(logging.WARNING, "bot.attachments")
    started = time.perf_counter()
    parts = await read_attachments(message, timeout=0.5, max_images=10)
    assert time.perf_counter() - started < 3  # side by side: one timeout, not one per file
    assert [i.filename for i in parts.images] == ["ok.png"]
    assert parts.text.splitlines() == [
        "[image: gone.png (could not be downloaded)]",
        "[image: cut.png (could not be downloaded)]",
        "[image: slow.png (could not be downloaded)]",
        "[file: notes.txt (could not be downloaded)]",
        "[image: ok.png]",
    ]
    assert "Could not download 'gone.png'" in caplog.text and "HTTP 404" in caplog.text
    assert "Could not download 'slow.png'" in caplog.text and "no answer within 0.5 s" in caplog.text
    assert "Could not download 'cut.png'" in caplog.text
    fake.release_hung_downloads()


# --------------------------------------------------------------------------- cache and history


async def test_cache_spares_downloads_and_remembers_broken_images(fake: FakeDiscord, post: Post) -> None:
    message = await post(("cat.png", small_png()), ("broken.png", b"\x89PNG\r\n\x1a\nnope"), ("gone.png", small_png()))
    cat, broken, gone = message.attachments
    fake.fail_attachment(gone.id, 404, times=1)
    cache = ImageCache()
    first = await read_attachments(message, cache=cache)
    assert [i.filename for i in first.images] == ["cat.png"]
    assert sorted(fake.downloads) == sorted([cat.id, broken.id, gone.id])
    fake.downloads.clear()
    second = await read_attachments(message, cache=cache)
    # cat.png comes from the cache and broken.png stays skipped, neither fetched again;
    # the failed download is tried again, and works now.
    assert [i.filename for i in second.images] == ["cat.png", "gone.png"]
    assert second.images[0] is first.images[0]
    assert fake.downloads == [gone.id]
    assert "[image: broken.png (the image cannot be decoded" in second.text
    assert cat.id in cache and broken.id in cache and cache.hits == 2


def test_cache_is_bounded_in_bytes_least_recently_used_out() -> None:
    def part(attachment_id: int, size: int) -> ImagePart:
        return ImagePart(attachment_id, f"{attachment_id}.png", "image/png", 10, 10, "x" * size)

    cache = ImageCache(max_bytes=3000)
    for attachment_id in (1, 2):
        cache.put(attachment_id, part(attachment_id, 1000))
    assert cache.get(1) is not None  # 1 is now the most recently used
    cache.put(3, part(3, 1000))  # 3,600 bytes with overhead: the least recently used (2) goes
    assert 2 not in cache and 1 in cache and 3 in cache and cache.nbytes <= 3000
    cache.put(4, part(4, 5000))  # larger than the whole cache: not kept, nothing evicted for it
    assert 4 not in cache and len(cache) == 2
    cache.put(5, Skipped("5.png", "broken"))
    assert isinstance(cache.get(5), Skipped) and cache.get(6) is None and cache.misses == 1


async def test_history_images_after_a_restart_are_fetched_once(
    fake: FakeDiscord, guild: Guild, alice: User, client: Client
) -> None:
    general = guild.channel("general")
    # Said before the "restart": only the text (with its [image: ...] lines) is in memory.
    older = await fake.user_says(general, alice, "my cat", attachments=[("cat.png", small_png("red"))], dispatch=False)
    plain = await fake.user_says(general, alice, "no picture", dispatch=False)
    newer = await fake.user_says(
        general,
        alice,
        "my dogs",
        attachments=[("dog1.png", small_png("blue")), ("dog2.png", small_png("lime"))],
        dispatch=False,
    )
    deleted = await fake.user_says(general, alice, "oops", attachments=[("x.png", small_png())], dispatch=False)
    general.messages.remove(general.find(int(deleted["id"])))  # type: ignore[arg-type]
    channel = client.get_channel(general.id)
    assert isinstance(channel, discord.TextChannel)
    stored = {  # what memory holds: the text plus the one-line descriptions
        int(older["id"]): "my cat\n[image: cat.png]",
        int(plain["id"]): "no picture",
        int(newer["id"]): "my dogs\n[image: dog1.png]\n[image: dog2.png]",
        int(deleted["id"]): "oops\n[image: x.png]",
    }
    assert has_image_marker(stored[int(older["id"])]) and not has_image_marker(stored[int(plain["id"])])
    newest_first = list(reversed(stored.items()))
    recent, cache = RecentAttachments(), ImageCache()

    found = await collect_history_images(channel, newest_first, recent, max_images=2, cache=cache)
    assert {k: [i.filename for i in v] for k, v in found.items()} == {int(newer["id"]): ["dog1.png", "dog2.png"]}
    fetched = [c.path for c in fake.calls if c.method == "GET" and "/messages/" in c.path]
    assert fetched == [
        f"/channels/{general.id}/messages/{deleted['id']}",
        f"/channels/{general.id}/messages/{newer['id']}",
    ]

    found = await collect_history_images(channel, newest_first, recent, max_images=4, cache=cache)
    assert [i.filename for images in found.values() for i in images] == ["dog1.png", "dog2.png", "cat.png"]
    assert recent.fetches == 3  # the deleted message is not asked for again
    downloads = len(fake.downloads)
    again = await collect_history_images(channel, newest_first, recent, max_images=4, cache=cache)
    assert again == found and len(fake.downloads) == downloads and recent.fetches == 3  # all from memory


async def test_recent_attachments_remember_live_messages(fake: FakeDiscord, post: Post) -> None:
    message = await post(("cat.png", small_png()), ("notes.txt", b"hi"))
    recent = RecentAttachments(max_messages=1)
    recent.remember(message)
    assert [a.filename for a in recent.known(message.id) or ()] == ["cat.png"]
    channel = message.channel
    assert await recent.attachments_of(channel, message.id) == recent.known(message.id)
    assert recent.fetches == 0
    other = await post(content="no files")
    recent.remember(other)
    assert recent.known(message.id) is None and len(recent) == 1  # bounded


# --------------------------------------------------------------------------- the model message


def test_model_content_is_a_plain_string_without_images() -> None:
    assert model_content("alice: hi") == "alice: hi"
    image = ImagePart(1, "cat.png", "image/png", 10, 10, "data:image/png;base64,AAAA")
    assert model_content("alice: look", [image]) == [
        {"type": "text", "text": "alice: look"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
    ]
    assert MessageParts().text == "" and MessageParts().image_tokens == 0


@pytest.mark.parametrize(
    ("size", "tokens"),
    [
        ((1024, 768), 1049),  # the per-pixel rule (Claude, Qwen-VL) is the dearer one here
        ((512, 512), 350),
        ((100, 100), 255),  # OpenAI's minimum: one tile plus the base
        ((1024, 256), 425),  # OpenAI: 2x1 tiles
        ((0, 10), 0),
    ],
)
def test_image_tokens(size: tuple[int, int], tokens: int) -> None:
    assert image_tokens(*size) == tokens


# --------------------------------------------------------------------------- "this model takes no images"

NO_IMAGES = [
    (
        400,
        (
            '{"error": {"message": "Invalid content type. image_url is only supported by certain models.", '
            '"type": "invalid_request_error", "param": "messages.[1].content.[1].type", "code": null}}'
        ),
    ),
    (404, '{"error":{"message":"No endpoints found that support image input","code":404}}'),
    (
        500,
        (
            '{"error":{"code":500,"message":"image input is not supported - hint: if this is unexpected, '
            'you may need to provide the mmproj","type":"server_error"}}'
        ),
    ),
    (500, "image input is not supported by this server"),
    (500, '{"error":{"message":"this model is missing data required for image input","type":"api_error"}}'),
    (400, '{"error":"Model does not support images. Please use a model that does."}'),
    (400, "API Error: 400 this model does not support image input"),
    (400, "The model does not support image input but some images are present in the request."),
    (400, '{"object":"error","message":"facebook/opt-125m is not a multimodal model None","type":"BadRequestError"}'),
    (
        400,
        (
            "Failed to deserialize the JSON body into the target type: messages[1]: unknown variant `image_url`, "
            "expected `text` at line 1 column 679289"
        ),
    ),
    (500, 'Failed to parse messages: Unsupported content part type: \\"image_url\\"'),
    (400, "Only 'text' content type is supported."),
    (None, "image_url is only supported by certain models"),
]

OTHER_ERRORS = [
    (400, "This model's maximum context length is 4096 tokens. However, your messages resulted in 5000 tokens."),
    (
        400,
        (
            "You uploaded an unsupported image. Please make sure your image has of one the following formats: "
            "['png', 'jpeg', 'gif', 'webp']."
        ),
    ),
    (400, "Invalid image."),
    (400, '{"error":{"message":"invalid image input","type":"invalid_request_error"}}'),  # Ollama: a bad image
    (400, "Failed to load image or audio file"),  # llama.cpp: a bad image
    (500, "audio input is not supported - hint: if this is unexpected, you may need to provide the mmproj"),
    (400, "At most 1 image(s) may be provided in one request."),  # vLLM: a vision model with a limit
    (400, "this model only supports one image while more than one image requested"),  # Ollama mllama
    (404, 'No endpoints found that support tool use. Try disabling "get_current_timestamp".'),
    (404, "The model `gpt-5` does not exist or you do not have access to it."),
    (400, '"llama3.2" does not support tools'),
    (400, '"gemma3" does not support thinking'),
    (400, '"flux" does not support image generation'),
    (401, "image_url is only supported by certain models"),  # the words, but an auth failure
    (429, "No endpoints found that support image input"),
    (503, "The engine is currently overloaded, please try again later."),
]


@pytest.mark.parametrize(("status", "body"), NO_IMAGES)
def test_recognises_no_image_answers(status: int | None, body: str) -> None:
    assert is_image_unsupported_error(status, body)


@pytest.mark.parametrize(("status", "body"), OTHER_ERRORS)
def test_leaves_other_errors_alone(status: int, body: str) -> None:
    assert not is_image_unsupported_error(status, body)


def test_takes_parsed_bodies_and_bytes() -> None:
    assert is_image_unsupported_error(
        400, {"error": {"message": "Invalid content type. image_url is only supported by certain models."}}
    )
    assert is_image_unsupported_error(400, b'{"error":"Model does not support images."}')
    assert not is_image_unsupported_error(400, None)


@pytest.mark.parametrize("flavor", sorted(TEXT_ONLY_ERRORS))
async def test_recognises_what_the_openai_client_raises(flavor: str) -> None:
    """End to end: each server's refusal as the real openai client hands it over (status, body)."""
    async with FakeModel() as model:
        model.text_only, model.text_only_error = True, flavor
        async with openai.AsyncOpenAI(base_url=model.base_url, api_key="sk-test", max_retries=0) as client:
            content = model_content("look", [ImagePart(1, "a.png", "image/png", 1, 1, "data:image/png;base64,AAAA")])
            messages: Any = [{"role": "user", "content": content}]
            with pytest.raises(openai.APIStatusError) as refused:
                await client.chat.completions.create(model="fake-model", messages=messages)
            assert is_image_unsupported_error(refused.value.status_code, refused.value.body)
            model.fail_next(400)  # a context-length 400 is not mistaken for one
            with pytest.raises(openai.BadRequestError) as other:
                await client.chat.completions.create(model="fake-model", messages=[{"role": "user", "content": "hi"}])
            assert not is_image_unsupported_error(other.value.status_code, other.value.body)
