"""Token usage from streams: the real openai client against the fake model server over 127.0.0.1."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.llm import Delta, ModelBadRequest, ModelClient, ModelStreamCut, _counted_usage
from bot.prompt import _cost, estimate_tokens
from bot.usage import TokenUsage
from tests.fakes.openai_server import FakeModel, prompt_tokens, split_chunks

MESSAGES = [
    {"role": "system", "content": "You are Ada."},
    {"role": "user", "content": "hello there friend"},
]


@pytest.fixture
async def fake() -> AsyncIterator[FakeModel]:
    server = FakeModel()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def client(fake: FakeModel) -> AsyncIterator[ModelClient]:
    c = ModelClient(
        fake.base_url, fake.api_key, "fake-model", timeout=5, max_retries=2, backoff_base=0.01, backoff_cap=0.05
    )
    yield c
    await c.aclose()


async def _all(client: ModelClient, messages: list[dict[str, Any]] = MESSAGES) -> list[Delta]:
    return [delta async for delta in client.stream_deltas(messages, {})]


async def test_the_last_delta_carries_the_servers_count(fake: FakeModel, client: ModelClient) -> None:
    fake.reply = "one two three"
    deltas = await _all(client)

    *texts, last = deltas
    assert [d.text for d in texts] == split_chunks("one two three")
    assert all(d.usage is None for d in texts)
    assert last == Delta(usage=TokenUsage(prompt_tokens(fake.completions[0]), 3))
    assert last.usage is not None and not last.usage.estimated
    assert fake.usages == [{"prompt_tokens": 6, "completion_tokens": 3, "total_tokens": 9}]
    assert last.usage.total == 9
    assert fake.completions[0]["stream_options"] == {"include_usage": True}


async def test_text_only_callers_see_no_usage_delta(fake: FakeModel, client: ModelClient) -> None:
    fake.reply = "just words"
    assert [text async for text in client.stream(MESSAGES, {})] == split_chunks("just words")


async def test_reasoning_counts_as_completion(fake: FakeModel, client: ModelClient) -> None:
    fake.reply = "the answer"
    fake.reasoning = "let me think"
    deltas = await _all(client)
    assert deltas[-1].usage == TokenUsage(6, 2 + 3)


async def test_a_server_that_sends_no_usage_gets_an_estimate(fake: FakeModel, client: ModelClient) -> None:
    fake.sends_usage = False
    fake.reply = "a fairly short answer"
    fake.reasoning = "hmm"
    deltas = await _all(client)

    usage = deltas[-1].usage
    assert usage == TokenUsage(
        prompt_tokens=_cost(MESSAGES),
        completion_tokens=estimate_tokens("hmm" + "a fairly short answer"),
        estimated=True,
    )
    assert fake.usages == []
    assert client.asks_usage, "ignoring the option is not refusing it: keep asking"


async def test_a_strict_server_is_asked_again_without_stream_options_once(
    fake: FakeModel, client: ModelClient, caplog: pytest.LogCaptureFixture
) -> None:
    fake.rejects_stream_options = True
    fake.reply = "fine then"
    caplog.set_level(logging.INFO, logger="bot.llm")

    first = await _all(client)
    second = await _all(client)

    for deltas in (first, second):
        assert "".join(d.text for d in deltas) == "fine then"
        assert deltas[-1].usage is not None and deltas[-1].usage.estimated
    assert fake.stream_options_rejections == 1
    bodies = fake.completions
    assert len(bodies) == 3
    assert "stream_options" in bodies[0]
    assert "stream_options" not in bodies[1] and "stream_options" not in bodies[2]
    assert not client.asks_usage
    said = [r for r in caplog.records if "stream_options" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.INFO
    assert "sk-test" not in caplog.text


async def test_other_bad_requests_are_not_mistaken_for_a_strict_server(fake: FakeModel, client: ModelClient) -> None:
    fake.fail_next(400)  # context length exceeded
    with pytest.raises(ModelBadRequest):
        await _all(client)
    assert len(fake.completions) == 1
    assert client.asks_usage


async def test_a_cut_stream_carries_an_estimate(fake: FakeModel, client: ModelClient) -> None:
    fake.reply = "one two three four five"
    fake.cut_stream_after(2)
    got: list[Delta] = []
    with pytest.raises(ModelStreamCut) as caught:
        async for delta in client.stream_deltas(MESSAGES, {}):
            got.append(delta)
    assert all(d.usage is None for d in got)
    assert caught.value.usage == TokenUsage(_cost(MESSAGES), estimate_tokens("one two "), estimated=True)


async def test_each_request_is_counted_on_its_own(fake: FakeModel, client: ModelClient) -> None:
    fake.reply = "a b"
    await _all(client)
    fake.reply = "a b c d"
    deltas = await _all(client)
    assert deltas[-1].usage == TokenUsage(6, 4)
    assert [u["completion_tokens"] for u in fake.usages] == [2, 4]


def _chunk(usage: dict[str, Any] | None) -> dict[str, Any]:
    """A stream chunk as the client reads it: plain JSON (no SDK models)."""
    return {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m", "choices": [], "usage": usage}


def test_zero_or_missing_counts_are_no_count() -> None:
    assert _counted_usage(_chunk(None)) is None
    assert _counted_usage(_chunk({"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0})) is None
    assert _counted_usage(_chunk({"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7})) == TokenUsage(5, 2)
