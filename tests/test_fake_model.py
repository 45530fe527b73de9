"""The real openai client against tests/fakes/openai_server.py's text-only mode, over 127.0.0.1.

Why: the bot's "retry once without images" path is only as good as the refusals the
fake sends; these pin that they reach the openai client as each real server's do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import openai
import pytest

from tests.fakes.openai_server import TEXT_ONLY_ERRORS, FakeModel, image_parts

PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


def with_image(text: str = "look at this") -> list[dict[str, Any]]:
    return [
        {"role": "system", "content": "You are Ada."},
        {
            "role": "user",
            "content": [{"type": "text", "text": text}, {"type": "image_url", "image_url": {"url": PIXEL}}],
        },
    ]


def without_image(text: str = "look at this") -> list[dict[str, Any]]:
    return [{"role": "system", "content": "You are Ada."}, {"role": "user", "content": text}]


@pytest.fixture
async def fake() -> AsyncIterator[FakeModel]:
    async with FakeModel() as server:
        yield server


@pytest.fixture
async def client(fake: FakeModel) -> AsyncIterator[openai.AsyncOpenAI]:
    # No retries of its own: a 500 refusal must show up once, as the bot sees it.
    async with openai.AsyncOpenAI(base_url=fake.base_url, api_key="sk-test", max_retries=0, timeout=5) as c:
        yield c


async def test_models_take_images_by_default(fake: FakeModel, client: openai.AsyncOpenAI) -> None:
    reply = await client.chat.completions.create(model="fake-model", messages=with_image())  # type: ignore[arg-type]
    assert reply.choices[0].message.content == "Reply to: look at this"
    assert image_parts(fake.completions[0]) == 1 and fake.image_rejections == 0


async def test_text_only_refuses_images_then_takes_the_retry_without(
    fake: FakeModel, client: openai.AsyncOpenAI
) -> None:
    fake.text_only = True
    with pytest.raises(openai.BadRequestError) as refused:
        await client.chat.completions.create(model="fake-model", messages=with_image())  # type: ignore[arg-type]
    assert refused.value.status_code == 400
    assert "image_url is only supported by certain models" in str(refused.value)
    assert isinstance(refused.value.body, dict) and refused.value.body["param"] == "messages.[1].content.[1].type"
    # The same conversation without the image goes through, streamed too.
    reply = await client.chat.completions.create(model="fake-model", messages=without_image())  # type: ignore[arg-type]
    assert reply.choices[0].message.content == "Reply to: look at this"
    stream: Any = await client.chat.completions.create(model="fake-model", messages=without_image(), stream=True)  # type: ignore[arg-type]
    assert "".join([chunk.choices[0].delta.content or "" async for chunk in stream]) == "Reply to: look at this"
    assert [image_parts(body) for body in fake.completions] == [1, 0, 0]
    assert fake.image_rejections == 1


async def test_text_only_per_model(fake: FakeModel, client: openai.AsyncOpenAI) -> None:
    fake.text_only_models = {"fake-model"}
    with pytest.raises(openai.BadRequestError):
        await client.chat.completions.create(model="fake-model", messages=with_image())  # type: ignore[arg-type]
    reply = await client.chat.completions.create(model="fake-model-large", messages=with_image())  # type: ignore[arg-type]
    assert reply.choices[0].message.content == "Reply to: look at this"


async def test_text_only_streamed_request_is_refused_before_any_chunk(
    fake: FakeModel, client: openai.AsyncOpenAI
) -> None:
    fake.text_only = True
    with pytest.raises(openai.BadRequestError):
        await client.chat.completions.create(model="fake-model", messages=with_image(), stream=True)  # type: ignore[arg-type]


async def test_auth_and_injected_failures_come_before_the_image_check(fake: FakeModel) -> None:
    fake.text_only = True
    async with openai.AsyncOpenAI(base_url=fake.base_url, api_key="wrong", max_retries=0) as bad_key:
        with pytest.raises(openai.AuthenticationError):
            await bad_key.chat.completions.create(model="fake-model", messages=with_image())  # type: ignore[arg-type]
    assert fake.image_rejections == 0


@pytest.mark.parametrize(
    ("flavor", "error", "words"),
    [
        ("openai", openai.BadRequestError, "image_url is only supported by certain models"),
        ("openrouter", openai.NotFoundError, "No endpoints found that support image input"),
        ("ollama", openai.InternalServerError, "missing data required for image input"),
        ("lmstudio", openai.BadRequestError, "Model does not support images"),
        ("llamacpp", openai.InternalServerError, "image input is not supported"),
        ("vllm", openai.BadRequestError, "fake-model is not a multimodal model"),
        ("deepseek", openai.BadRequestError, "unknown variant `image_url`"),
    ],
)
async def test_each_servers_refusal(
    fake: FakeModel, client: openai.AsyncOpenAI, flavor: str, error: type[openai.APIStatusError], words: str
) -> None:
    fake.text_only, fake.text_only_error = True, flavor
    with pytest.raises(error) as refused:
        await client.chat.completions.create(model="fake-model", messages=with_image())  # type: ignore[arg-type]
    assert refused.value.status_code == TEXT_ONLY_ERRORS[flavor][0]
    # The words are in the body; LM Studio's body ({"error": "..."}) leaves str() as "Error code: 400".
    assert words in str(refused.value.body)
    assert (words in str(refused.value)) == (flavor != "lmstudio")


def test_every_flavor_is_tested() -> None:
    assert set(TEXT_ONLY_ERRORS) == {"openai", "openrouter", "ollama", "lmstudio", "llamacpp", "vllm", "deepseek"}


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
async def test_reasoning_streams_in_its_own_delta_field(field: str) -> None:
    model = FakeModel()
    await model.start()
    try:
        model.reply = "The answer."
        model.reasoning = "Let me think first."
        model.reasoning_field = field
        client = openai.AsyncOpenAI(base_url=model.base_url, api_key=model.api_key or "x")
        async with client:
            stream = await client.chat.completions.create(model="fake-model", messages=without_image(), stream=True)
            text, thoughts = [], []
            async for chunk in stream:
                for choice in chunk.choices:
                    text.append(choice.delta.content or "")
                    thoughts.append(getattr(choice.delta, field, None) or "")
        assert "".join(text) == "The answer." and "".join(thoughts) == "Let me think first."
    finally:
        await model.close()


async def test_stream_ends_say_how_each_stream_ended(fake: FakeModel, client: openai.AsyncOpenAI) -> None:
    # What tests/test_llm.py's early-stop test relies on: the fake tells a stream read to the
    # end from one it cut and from one the client hung up on.
    fake.reply = "one two three four"
    stream = await client.chat.completions.create(model="fake-model", messages=without_image(), stream=True)
    assert "".join([c.choices[0].delta.content or "" async for c in stream if c.choices]) == "one two three four"
    assert await fake.wait_for_stream_ends(1) == ["finished"]

    fake.cut_stream_after(2)
    stream = await client.chat.completions.create(model="fake-model", messages=without_image(), stream=True)
    with pytest.raises(openai.APIError):
        async for _ in stream:
            pass
    assert await fake.wait_for_stream_ends(2) == ["finished", "cut"]

    fake.chunk_delay = 0.05  # 2 s to send it all: the client hangs up long before
    fake.reply = " ".join(["word"] * 40)
    stream = await client.chat.completions.create(model="fake-model", messages=without_image(), stream=True)
    async for _ in stream:
        break
    await stream.close()
    assert await fake.wait_for_stream_ends(3) == ["finished", "cut", "closed early"]
