"""A fake OpenAI-compatible model server on 127.0.0.1 for tests.

It speaks just enough of the OpenAI HTTP API (``/v1/chat/completions`` plain and
streamed, ``/v1/models``) for the real ``openai`` client to parse its answers, and
records every request so tests can assert on the prompt the bot really sent.

Models take images (``image_url`` parts) unless told otherwise: ``text_only = True``
(every model) or ``text_only_models = {"name", ...}`` makes a request that carries
image parts fail the way a real server fails it for a text-only model, before any
reply; ``text_only_error`` picks whose words and status (``TEXT_ONLY_ERRORS``:
OpenAI's 400 by default, OpenRouter's 404, Ollama's and llama.cpp's 500, ...).
``image_rejections`` counts those answers; ``image_parts(body)`` counts a recorded
request's images, so a test can see the retry went without them.

Token usage: a streamed request with ``stream_options.include_usage`` gets a last
chunk with ``choices: []`` and ``usage``, as OpenAI sends it. Tokens are counted
deterministically (``prompt_tokens(body)``: the words of the messages' text;
completion: the stream's chunks, reasoning included) and every usage sent is
kept in ``usages``. ``sends_usage = False`` ignores the option (many servers do);
``rejects_stream_options = True`` answers it with a 400 naming the field, as a
strict server does (``stream_options_rejections`` counts those).

How each streamed reply ended, as the server saw it, goes in ``stream_ends``:
"finished" (every chunk and ``[DONE]`` written), "cut" (``cut_stream_after``), or
"closed early" (the connection went away before the reply was done: the client
closed its response, or the fake was shut down mid-stream). ``wait_for_stream_ends``
waits for them, so a test can see that a client that stops reading really hangs up.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

ReplyFn = Callable[[dict[str, Any]], str]

# OpenAI-shaped error bodies, keyed by status; "{model}" is filled in where relevant.
_ERRORS: dict[int, tuple[str, str, str | None]] = {
    400: ("This model's maximum context length is 4096 tokens.", "invalid_request_error", "context_length_exceeded"),
    401: (
        "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        "invalid_api_key",
    ),
    403: (
        "You are not allowed to access this resource.",
        "invalid_request_error",
        "unsupported_country_region_territory",
    ),
    404: (
        "The model `{model}` does not exist or you do not have access to it.",
        "invalid_request_error",
        "model_not_found",
    ),
    429: ("Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"),
    500: ("The server had an error while processing your request. Sorry about that!", "server_error", None),
    502: ("Bad gateway.", "server_error", None),
    503: ("The engine is currently overloaded, please try again later.", "server_error", None),
}


#: What servers answer a request with image parts for a model that takes no images:
#: (status, JSON body), "{model}" filled in. Wording and status as each server sends them.
TEXT_ONLY_ERRORS: dict[str, tuple[int, Any]] = {
    "openai": (
        400,
        {
            "error": {
                "message": "Invalid content type. image_url is only supported by certain models.",
                "type": "invalid_request_error",
                "param": "messages.[{index}].content.[{part}].type",
                "code": None,
            }
        },
    ),
    "openrouter": (404, {"error": {"message": "No endpoints found that support image input", "code": 404}}),
    "ollama": (
        500,
        {
            "error": {
                "message": "this model is missing data required for image input",
                "type": "api_error",
                "param": None,
                "code": None,
            }
        },
    ),
    "lmstudio": (400, {"error": "Model does not support images. Please use a model that does."}),
    "llamacpp": (
        500,
        {
            "error": {
                "code": 500,
                "type": "server_error",
                "message": "image input is not supported - hint: if this is unexpected, "
                "you may need to provide the mmproj",
            }
        },
    ),
    "vllm": (
        400,
        {
            "object": "error",
            "message": "{model} is not a multimodal model None",
            "type": "BadRequestError",
            "param": None,
            "code": 400,
        },
    ),
    "deepseek": (
        400,
        {
            "error": {
                "message": "Failed to deserialize the JSON body into the target type: "
                "messages[{index}]: unknown variant `image_url`, expected `text` "
                "at line 1 column 120",
                "type": "invalid_request_error",
                "param": None,
                "code": "invalid_request_error",
            }
        },
    ),
}


def image_parts(body: dict[str, Any] | None) -> int:
    """How many ``image_url`` parts a chat request carries."""
    return len(_image_positions(body))


def _image_positions(body: dict[str, Any] | None) -> list[tuple[int, int]]:
    positions = []
    for index, message in enumerate((body or {}).get("messages") or []):
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):
            positions += [
                (index, part)
                for part, item in enumerate(content)
                if isinstance(item, dict) and item.get("type") == "image_url"
            ]
    return positions


def _filled(value: Any, **fields: object) -> Any:
    """The body with "{name}" placeholders in its strings filled in."""
    if isinstance(value, dict):
        return {key: _filled(item, **fields) for key, item in value.items()}
    if isinstance(value, str):
        for name, field in fields.items():
            value = value.replace("{" + name + "}", str(field))
    return value


def error_body(status: int, model: str = "") -> dict[str, Any]:
    message, type_, code = _ERRORS.get(status, (f"Error {status}.", "invalid_request_error", None))
    return {"error": {"message": message.format(model=model), "type": type_, "param": None, "code": code}}


def prompt_tokens(body: dict[str, Any] | None) -> int:
    """The fake's token count of a request's prompt: the words of every message's text."""
    words = 0
    for message in (body or {}).get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
        if isinstance(content, str):
            words += len(content.split())
    return words


#: What a strict server answers a field it does not know (OpenAI's wording for unknown arguments).
STREAM_OPTIONS_ERROR = {
    "error": {
        "message": "Unrecognized request argument supplied: stream_options",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }
}


def split_chunks(text: str) -> list[str]:
    """How a reply is cut into stream deltas: one word (with its trailing space) each."""
    return re.findall(r"\S+\s*|\s+", text)


def default_reply(body: dict[str, Any]) -> str:
    """Deterministic echo so tests can predict the answer without configuring one."""
    for message in reversed(body.get("messages") or []):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # multimodal parts: the text ones
                content = " ".join(
                    p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text"
                )
            return f"Reply to: {content}"
    return "Reply to: nothing"


@dataclass
class _Failure:
    status: int
    retry_after: float | None


class FakeModel:
    """An OpenAI-compatible server; configure it by setting attributes between requests."""

    def __init__(self, *, api_key: str | None = "sk-test", models: list[str] | None = None) -> None:
        self.api_key: str | None = api_key  # None / "" accepts any key, like Ollama
        self.models: list[str] = list(models) if models is not None else ["fake-model", "fake-model-large"]
        self.reply: str | ReplyFn = default_reply
        self.delay: float = 0.0
        self.chunk_delay: float = 0.0
        #: Streamed before the answer in a separate delta field, as reasoning models' servers do
        #: (DeepSeek/vLLM: "reasoning_content", OpenRouter/Ollama: "reasoning").
        self.reasoning: str = ""
        self.reasoning_field: str = "reasoning_content"
        self.requests: list[dict[str, Any]] = []
        self.base_url: str = ""
        #: Every model refuses image parts; or only those named in ``text_only_models``.
        self.text_only: bool = False
        self.text_only_models: set[str] = set()
        #: Whose refusal to imitate: a key of ``TEXT_ONLY_ERRORS``.
        self.text_only_error: str = "openai"
        self.image_rejections = 0
        #: Streams asked for usage get it in a last chunk; False: the option is ignored.
        self.sends_usage: bool = True
        #: Answer a request carrying ``stream_options`` with a 400 naming it (a strict server).
        self.rejects_stream_options: bool = False
        self.stream_options_rejections = 0
        #: Every ``usage`` block sent (streamed or not), in order: what a test can compare with.
        self.usages: list[dict[str, int]] = []
        #: How each streamed reply ended, in order: "finished", "cut" or "closed early" (see the module doc).
        self.stream_ends: list[str] = []
        self._stream_ended = asyncio.Event()
        self._failures: deque[_Failure] = deque()
        self._cut_after: int | None = None
        self._gate = asyncio.Event()
        self._gate.set()
        self._recorded = asyncio.Condition()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None

    # -- lifecycle -------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        # handler_cancellation: a client that hangs up (timeout test) cancels the handler
        # instead of leaving it sleeping past close().
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, handler_cancellation=True, shutdown_timeout=0.1
        )
        await self._runner.setup()
        # A deep accept queue: a load test opens hundreds of streams at once (128 would refuse some).
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}/v1"

    async def close(self) -> None:
        self._gate.set()  # let held handlers finish instead of hanging shutdown
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> FakeModel:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- test controls ---------------------------------------------------------

    def fail_next(self, status: int, times: int = 1, retry_after: float | None = None) -> None:
        """The next ``times`` requests (any endpoint) answer ``status`` with an OpenAI error body."""
        self._failures.extend(_Failure(status, retry_after) for _ in range(times))

    def cut_stream_after(self, n_chunks: int) -> None:
        """The next streamed reply drops the connection after ``n_chunks`` text chunks, no [DONE]."""
        self._cut_after = n_chunks

    def hold(self) -> None:
        """Completions wait (after being recorded) until ``release()``."""
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    @property
    def completions(self) -> list[dict[str, Any]]:
        """JSON bodies of the chat completion requests, in arrival order."""
        return [r["json"] for r in self.requests if r["path"] == "/v1/chat/completions"]

    async def wait_for_requests(self, n: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        async with asyncio.timeout(timeout):
            async with self._recorded:
                await self._recorded.wait_for(lambda: len(self.requests) >= n)
        return self.requests

    async def wait_for_stream_ends(self, n: int, timeout: float = 5.0) -> list[str]:
        """``stream_ends`` once ``n`` streamed replies have ended, one way or another."""
        async with asyncio.timeout(timeout):
            while len(self.stream_ends) < n:
                self._stream_ended.clear()
                await self._stream_ended.wait()
        return self.stream_ends

    # -- handlers --------------------------------------------------------------

    async def _record(self, request: web.Request) -> dict[str, Any]:
        body: Any = None
        if request.can_read_body:
            try:
                body = await request.json()
            except json.JSONDecodeError:
                body = None
        entry = {"method": request.method, "path": request.path, "headers": dict(request.headers), "json": body}
        async with self._recorded:
            self.requests.append(entry)
            self._recorded.notify_all()
        return entry

    def _check(self, request: web.Request, model: str = "") -> web.Response | None:
        """Auth first, then injected failures: the order a real server would hit them."""
        if self.api_key and request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return web.json_response(error_body(401), status=401)
        if self._failures:
            failure = self._failures.popleft()
            headers = {"retry-after": f"{failure.retry_after:g}"} if failure.retry_after is not None else None
            return web.json_response(error_body(failure.status, model), status=failure.status, headers=headers)
        return None

    async def _models(self, request: web.Request) -> web.StreamResponse:
        await self._record(request)
        if (error := self._check(request)) is not None:
            return error
        created = int(time.time())
        data = [{"id": m, "object": "model", "created": created, "owned_by": "familiar-tests"} for m in self.models]
        return web.json_response({"object": "list", "data": data})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        entry = await self._record(request)
        body: dict[str, Any] = entry["json"] or {}
        model = str(body.get("model", ""))
        await self._gate.wait()
        if self.delay:
            await asyncio.sleep(self.delay)
        if (error := self._check(request, model)) is not None:
            return error
        if self.rejects_stream_options and "stream_options" in body:
            self.stream_options_rejections += 1
            return web.json_response(STREAM_OPTIONS_ERROR, status=400)
        if model not in self.models:
            return web.json_response(error_body(404, model), status=404)
        if (self.text_only or model in self.text_only_models) and (images := _image_positions(body)):
            status, template = TEXT_ONLY_ERRORS[self.text_only_error]
            index, part = images[0]
            self.image_rejections += 1
            return web.json_response(_filled(template, model=model, index=index, part=part), status=status)
        text = self.reply(body) if callable(self.reply) else self.reply
        completion_id = f"chatcmpl-fake{next(self._ids)}"
        if body.get("stream"):
            return await self._stream(request, completion_id, model, text, body)
        usage = self._usage(body, text)
        return web.json_response(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "system_fingerprint": "fp_fake",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text, "refusal": None},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": usage,
            }
        )

    def _usage(self, body: dict[str, Any], text: str) -> dict[str, int]:
        """Count a reply's tokens (``prompt_tokens``; one per stream chunk) and note what was sent."""
        prompt = prompt_tokens(body)
        completion = len(split_chunks(text)) + len(split_chunks(self.reasoning))
        usage = {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
        self.usages.append(usage)
        return usage

    async def _stream(
        self, request: web.Request, completion_id: str, model: str, text: str, body: dict[str, Any]
    ) -> web.StreamResponse:
        created = int(time.time())
        options = body.get("stream_options")
        with_usage = self.sends_usage and isinstance(options, dict) and bool(options.get("include_usage"))

        def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> bytes:
            payload: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_fake",
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
            }
            if with_usage:
                payload["usage"] = None  # as OpenAI: null on every chunk but the last
            return f"data: {json.dumps(payload)}\n\n".encode()

        cut_after, self._cut_after = self._cut_after, None
        # Anything that ends the handler before the last write: the client hung up (aiohttp
        # cancels the handler, handler_cancellation=True, or a write finds the transport gone).
        ended = "closed early"
        try:
            response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
            await response.prepare(request)
            await response.write(chunk({"role": "assistant", "content": "", "refusal": None}))
            for piece in split_chunks(self.reasoning):
                await response.write(chunk({"content": None, self.reasoning_field: piece}))
            for i, piece in enumerate(split_chunks(text)):
                if cut_after is not None and i >= cut_after:
                    # Drop the TCP connection mid-body: the chunked body never terminates,
                    # which is what a crashed or restarted model server looks like.
                    ended = "cut"
                    assert request.transport is not None
                    request.transport.abort()
                    raise asyncio.CancelledError  # nothing more can be written; end the handler quietly
                if self.chunk_delay and i:
                    await asyncio.sleep(self.chunk_delay)
                await response.write(chunk({"content": piece}))
            await response.write(chunk({}, "stop"))
            if with_usage:
                last = {
                    "id": completion_id,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": model,
                    "system_fingerprint": "fp_fake",
                    "choices": [],
                    "usage": self._usage(body, text),
                }
                await response.write(f"data: {json.dumps(last)}\n\n".encode())
            await response.write(b"data: [DONE]\n\n")
            await response.write_eof()
            ended = "finished"
            return response
        finally:
            self.stream_ends.append(ended)
            self._stream_ended.set()
