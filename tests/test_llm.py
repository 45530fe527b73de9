"""bot.llm against the real openai client and the fake model server over 127.0.0.1."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
import warnings
from collections.abc import AsyncIterator

import pytest

from bot.llm import (
    ModelAuthError,
    ModelBadRequest,
    ModelClient,
    ModelError,
    ModelNotFound,
    ModelRateLimited,
    ModelServerError,
    ModelStreamCut,
    ModelTimeout,
    ModelUnreachable,
)
from tests.fakes.openai_server import FakeModel, split_chunks

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


def make_client(fake: FakeModel, **kw: object) -> ModelClient:
    options: dict = {"timeout": 5, "max_retries": 2, "backoff_base": 0.01, "backoff_cap": 0.05}
    options.update(kw)
    api_key = options.pop("api_key", fake.api_key)
    model = options.pop("model", "fake-model")
    return ModelClient(fake.base_url, api_key, model, **options)  # type: ignore[arg-type]


@pytest.fixture
async def client(fake: FakeModel) -> AsyncIterator[ModelClient]:
    c = make_client(fake)
    yield c
    await c.aclose()


async def test_complete_sends_model_messages_and_params(fake: FakeModel, client: ModelClient) -> None:
    params = {"temperature": 0.7, "top_p": 0.9, "max_tokens": 50, "stop": ["\nUser:"], "top_k": 40, "min_p": None}
    text = await client.complete(MESSAGES, params)

    assert text == "Reply to: hello there friend"
    [request] = fake.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    # The whole body, exactly: params the openai signature does not know (top_k) sit at the top
    # level next to the others, None means "not set" (no min_p), and nothing else is added.
    assert fake.completions == [
        {
            "model": "fake-model",
            "messages": MESSAGES,
            "temperature": 0.7,
            "top_p": 0.9,
            "max_tokens": 50,
            "stop": ["\nUser:"],
            "top_k": 40,
            "stream": False,
        }
    ]


async def test_stream_yields_chunks_in_order(fake: FakeModel, client: ModelClient) -> None:
    fake.reply = "one two three four five"
    deltas = [d async for d in client.stream(MESSAGES, {"temperature": 1.0})]

    assert deltas == split_chunks("one two three four five")
    assert fake.requests[0]["json"]["stream"] is True
    assert fake.requests[0]["json"]["temperature"] == 1.0


async def test_list_models_sorted(fake: FakeModel, client: ModelClient) -> None:
    fake.models = ["zeta", "alpha", "mid"]
    assert await client.list_models() == ["alpha", "mid", "zeta"]


async def test_empty_key_uses_placeholder_for_keyless_servers(fake: FakeModel) -> None:
    fake.api_key = None  # like Ollama: any key accepted
    async with make_client(fake, api_key="") as c:
        assert await c.complete(MESSAGES, {}) == "Reply to: hello there friend"
    assert fake.requests[0]["headers"]["Authorization"] == "Bearer not-needed"


async def test_bad_key_is_auth_error_without_retry(fake: FakeModel, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with make_client(fake, api_key="sk-wrong-secret") as c:
        with pytest.raises(ModelAuthError) as info:
            await c.complete(MESSAGES, {})
    assert len(fake.requests) == 1
    assert not info.value.transient
    assert str(info.value) == "The model server rejected the API key."
    assert "sk-wrong-secret" not in caplog.text
    assert fake.base_url in caplog.text


async def test_unknown_model_is_not_found_naming_it(fake: FakeModel) -> None:
    async with make_client(fake, model="no-such-model") as c:
        with pytest.raises(ModelNotFound) as info:
            await c.complete(MESSAGES, {})
    assert "no-such-model" in str(info.value)
    assert len(fake.requests) == 1


async def test_bad_request_is_not_retried(fake: FakeModel, client: ModelClient) -> None:
    fake.fail_next(400)
    with pytest.raises(ModelBadRequest):
        await client.complete(MESSAGES, {})
    assert len(fake.requests) == 1


async def test_rate_limited_twice_then_ok(fake: FakeModel, client: ModelClient) -> None:
    fake.fail_next(429, times=2, retry_after=0.01)
    assert await client.complete(MESSAGES, {}) == "Reply to: hello there friend"
    assert len(fake.requests) == 3


async def test_rate_limit_beyond_cap_raised_at_once(fake: FakeModel) -> None:
    fake.fail_next(429, times=3, retry_after=3600)
    async with make_client(fake, retry_after_cap=1.0) as c:
        with pytest.raises(ModelRateLimited) as info:
            await c.complete(MESSAGES, {})
    assert info.value.retry_after == 3600
    assert len(fake.requests) == 1


async def test_server_error_beyond_retries(fake: FakeModel, client: ModelClient) -> None:
    fake.fail_next(500, times=5)
    with pytest.raises(ModelServerError) as info:
        await client.complete(MESSAGES, {})
    assert info.value.transient and info.value.status == 500
    assert len(fake.requests) == 3  # first try + max_retries


async def test_stream_retries_before_first_text(fake: FakeModel, client: ModelClient) -> None:
    fake.fail_next(503)
    fake.reply = "fine now"
    assert [d async for d in client.stream(MESSAGES, {})] == ["fine ", "now"]
    assert len(fake.requests) == 2


async def test_timeout(fake: FakeModel) -> None:
    fake.delay = 2.0
    async with make_client(fake, timeout=0.2, max_retries=0) as c:
        with pytest.raises(ModelTimeout) as info:
            await c.complete(MESSAGES, {})
    assert info.value.transient


async def test_unreachable_port() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}/v1"
    async with ModelClient(base_url, "sk-test", "m", timeout=2, max_retries=1, backoff_base=0.01) as c:
        with pytest.raises(ModelUnreachable) as info:
            await c.list_models()
    assert base_url in str(info.value)
    assert info.value.transient


async def test_cut_stream_raises_with_partial_text_and_no_retry(fake: FakeModel, client: ModelClient) -> None:
    fake.reply = "alpha beta gamma delta epsilon"
    fake.cut_stream_after(2)
    received: list[str] = []
    with pytest.raises(ModelStreamCut) as info:
        async for delta in client.stream(MESSAGES, {}):
            received.append(delta)
    assert received == ["alpha ", "beta "]
    assert info.value.partial_text == "alpha beta "
    assert isinstance(info.value, ModelError)
    assert len(fake.requests) == 1  # text was already yielded: never retried


async def test_hold_orders_and_cancels(fake: FakeModel, client: ModelClient) -> None:
    fake.hold()
    fake.reply = lambda body: body["messages"][-1]["content"].upper()
    first = asyncio.create_task(client.complete([{"role": "user", "content": "a"}], {}))
    second = asyncio.create_task(client.complete([{"role": "user", "content": "b"}], {}))
    await fake.wait_for_requests(2, timeout=5)
    second.cancel()
    fake.release()
    assert await asyncio.wait_for(first, 5) == "A"
    with pytest.raises(asyncio.CancelledError):
        await second


async def test_early_stop_closes_stream(fake: FakeModel, client: ModelClient) -> None:
    # 40 chunks 50 ms apart: about 2 s to send it all, so a stream the client did not close
    # would end "finished" on the server; a closed one ends long before that.
    words = " ".join(f"w{i}" for i in range(40))
    fake.reply = words
    fake.chunk_delay = 0.05
    stream = client.stream(MESSAGES, {})
    async for first in stream:
        assert first == "w0 "
        break
    assert fake.stream_ends == []  # still being sent
    await stream.aclose()  # type: ignore[attr-defined]
    # The server sees the client hang up mid-reply: the response was closed, not left to GC.
    assert await fake.wait_for_stream_ends(1, timeout=5) == ["closed early"]
    # The client is usable again right away.
    fake.chunk_delay = 0
    assert await client.complete(MESSAGES, {}) == words
    assert [d async for d in client.stream(MESSAGES, {})] == split_chunks(words)
    assert fake.stream_ends == ["closed early", "finished"]


async def test_aclose_is_idempotent_and_leaves_no_warnings(fake: FakeModel) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c = make_client(fake)
        assert await c.complete(MESSAGES, {})
        assert [d async for d in c.stream(MESSAGES, {})]
        await c.aclose()
        await c.aclose()
        del c
        gc.collect()
        await asyncio.sleep(0)  # let any finalizer callbacks run
    assert [str(w.message) for w in caught] == []


async def test_key_never_in_repr(fake: FakeModel) -> None:
    async with make_client(fake, api_key="sk-very-secret") as c:
        assert "sk-very-secret" not in repr(c)
