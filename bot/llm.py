"""OpenAI-compatible model client with typed errors and one retry policy.

OpenAI, OpenRouter, Ollama, LM Studio and llama.cpp differ only by base URL, key and
model name, so one thin wrapper over ``openai.AsyncOpenAI`` serves them all. The
openai client's own retries are switched off so that what gets retried, how often and
how long we wait is decided here, in one place.

Quirks of openai 3.x (httpx2 underneath) kept here: it insists on a non-empty key,
and a stream cut mid-body surfaces as ``APIConnectionError`` / ``APITimeoutError``
raised while iterating, or as a stream that simply ends. The request body is posted
as plain JSON (see ``_post_chat``), so sampler settings the openai signature does
not know go in as they are.

Token usage: a stream asks for it (``stream_options.include_usage``) and ends
with one ``Delta`` whose ``usage`` is set (and text empty), counted by the
server or, when it sends none, estimated (``TokenUsage.estimated``). A server
that refuses the option (HTTP 400 naming it) is asked again without it, and
never again by this client.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import urlsplit, urlunsplit

from bot import redact
from bot.backoff import Backoff
from bot.i18n import N_, translate
from bot.model_limits import is_image_unsupported_error
from bot.prompt import _cost, estimate_tokens
from bot.usage import TokenUsage

if TYPE_CHECKING:
    import httpx2
    import openai

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The openai SDK (and its httpx2), imported on first use: importing it takes a quarter of a
#: second, which must not delay the tray icon nor block the event loop. `load_sdk()` imports it
#: (the supervisor calls it in a worker thread at start); until then these are None.
openai_sdk: Any = None
httpx_sdk: Any = None


def load_sdk() -> None:
    """Import the openai SDK once (thread-safe: Python's import lock); cheap afterwards."""
    global openai_sdk, httpx_sdk
    if openai_sdk is not None:
        return
    import httpx2 as httpx_module
    import openai as openai_module
    import openai.types.chat

    httpx_sdk, openai_sdk = httpx_module, openai_module


# The openai client refuses an empty key; local servers (Ollama, LM Studio) ignore it.
PLACEHOLDER_API_KEY = "not-needed"

__all__ = [
    "Delta",
    "ModelAuthError",
    "ModelBadRequest",
    "ModelClient",
    "ModelError",
    "ModelNotFound",
    "ModelQuotaExceeded",
    "ModelRateLimited",
    "ModelServerError",
    "ModelStreamCut",
    "ModelTimeout",
    "ModelUnreachable",
    "TokenUsage",
]


# --------------------------------------------------------------------------- errors


class ModelError(Exception):
    """Base of every model failure. ``str(err)`` is the sentence shown to the user (English);
    ``in_language(locale)`` the same in the reader's language (Discord notices).

    ``user_message`` is the sentence with {fields} taken from ``fields`` (marked for
    translation, see bot.i18n); ``transient`` says whether trying again later may help
    (retried automatically); ``detail`` is the server's own wording, for logs only.
    """

    user_message: str = N_("The model server returned an error.")
    transient: ClassVar[bool] = False

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        #: The server's parsed error body, when it sent one (some put their words only there).
        self.body: object = None
        #: The values of `user_message`'s {fields}.
        self.fields: dict[str, str] = {}

    def __str__(self) -> str:
        return self.in_language(None)

    def in_language(self, locale: object | None) -> str:
        """The sentence for the user in the language serving a Discord locale (English for None)."""
        return translate(self.user_message, locale, **self.fields)


class ModelAuthError(ModelError):
    user_message = N_("The model server rejected the API key.")


class ModelQuotaExceeded(ModelError):
    # OpenAI 429 "insufficient_quota" / OpenRouter 402: waiting will not fix it.
    user_message = N_("The model account has run out of credit or quota.")


class ModelNotFound(ModelError):
    def __init__(self, model: str, base_url: str, detail: str = "", *, status: int | None = 404) -> None:
        super().__init__(detail, status=status)
        self.model = model
        self.user_message = N_(
            "The model server has no model named '{model}' (check the model name and the base URL {base_url})."
        )
        self.fields = {"model": model, "base_url": base_url}


class ModelRateLimited(ModelError):
    user_message = N_("The model server is rate limiting requests; try again in a moment.")
    transient = True

    def __init__(self, detail: str = "", *, status: int | None = 429, retry_after: float | None = None) -> None:
        super().__init__(detail, status=status)
        self.retry_after = retry_after


class ModelServerError(ModelError):
    user_message = N_("The model server had an internal error; try again in a moment.")
    transient = True


class ModelTimeout(ModelError):
    user_message = N_("The model took too long to answer.")
    transient = True


class ModelUnreachable(ModelError):
    transient = True

    def __init__(self, base_url: str, detail: str = "") -> None:
        super().__init__(detail)
        self.base_url = base_url
        self.user_message = N_("Can't reach the model server at {base_url}. Is it running?")
        self.fields = {"base_url": base_url}


class ModelBadRequest(ModelError):
    user_message = N_("The model server refused the request (the conversation may be too long for the model).")


class ModelStreamCut(ModelError):
    """The stream broke after some text arrived; ``partial_text`` is what we got."""

    user_message = N_("The model server stopped answering midway.")
    transient = True  # a fresh request may work, but we never retry one that already produced text

    def __init__(self, partial_text: str, detail: str = "") -> None:
        super().__init__(detail)
        self.partial_text = partial_text
        #: What the cut request used, estimated (the server's count comes only at the end).
        self.usage: TokenUsage | None = None


# --------------------------------------------------------------------------- stream parts


@dataclass(frozen=True)
class Delta:
    """One piece of a streamed reply: answer text, and reasoning sent in its own field.

    The last delta of a stream that finished carries `usage` (text and
    reasoning empty), so a caller that only reads text needs no change.
    """

    text: str = ""
    reasoning: str = ""
    usage: TokenUsage | None = None


@dataclass
class _Received:
    """What one streamed request has brought so far (for a cut's partial text and the usage estimate)."""

    text: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    usage: TokenUsage | None = None  # the server's own count, when it sent one


def _has_images(messages: list[dict[str, Any]]) -> bool:
    return any(
        isinstance(part, dict) and part.get("type") == "image_url"
        for message in messages
        if isinstance(message.get("content"), list)
        for part in message["content"]
    )


#: What the model reads in place of an image it cannot see.
IMAGE_OMITTED = "[an image the model cannot see]"


def without_images(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same prompt with image parts replaced by a short note (text-only models)."""
    plain: list[dict[str, Any]] = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, list):
            texts = [
                part.get("text", "") if part.get("type") == "text" else IMAGE_OMITTED
                for part in content
                if isinstance(part, dict)
            ]
            message = {**message, "content": "\n".join(text for text in texts if text)}
        plain.append(message)
    return plain


# --------------------------------------------------------------------------- helpers


def _display_url(url: str) -> str:
    """The base URL without any user:password part, safe for logs and messages."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def _parse_retry_after(headers: httpx2.Headers) -> float | None:
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:  # HTTP-date form
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_code(body: object) -> str | None:
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("code"), str):
            return inner["code"]
    return None


def _counted_usage(chunk: dict[str, Any]) -> TokenUsage | None:
    """A chunk's `usage` block as TokenUsage; None when absent or all zero (some servers send zeros)."""
    usage = chunk.get("usage")
    if not isinstance(usage, dict):
        return None
    prompt = usage.get("prompt_tokens")
    completion = usage.get("completion_tokens")
    prompt = prompt if isinstance(prompt, int) else 0
    completion = completion if isinstance(completion, int) else 0
    if not prompt and not completion:
        return None
    return TokenUsage(prompt, completion)


def _refuses_stream_options(err: ModelError) -> bool:
    """A strict server's 400 (422 on some) naming `stream_options`: it takes no fields it does not know."""
    if not isinstance(err, ModelBadRequest) or err.status not in (400, 422):
        return False
    return "stream_options" in f"{err.detail} {err.body}"


# --------------------------------------------------------------------------- client


class ModelClient:
    """One model on one OpenAI-compatible server."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        model: str,
        timeout: float = 60,
        max_retries: int = 2,
        *,
        backoff_base: float = 0.5,
        backoff_cap: float = 8.0,
        retry_after_cap: float = 30.0,
        on_text_only: Callable[[], None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.retry_after_cap = retry_after_cap
        self._display_url = _display_url(self.base_url)
        #: Learned from the server's answer; this client is rebuilt when the model settings change.
        self.text_only = False
        #: Whether streams ask for token usage; cleared for good when the server refuses the option.
        self.asks_usage = True
        self._on_text_only = on_text_only
        self._api_key = api_key or PLACEHOLDER_API_KEY
        self._closed = False
        load_sdk()
        self._client = openai_sdk.AsyncOpenAI(
            base_url=self.base_url,
            api_key=self._api_key,
            timeout=timeout,  # httpx semantics: per connect/read, so a slow but flowing stream is fine
            max_retries=0,  # retries are ours, see _with_retries
        )

    def __repr__(self) -> str:  # never shows the key
        return f"ModelClient(base_url={self._display_url!r}, model={self.model!r})"

    async def __aenter__(self) -> ModelClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connection pool; safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        await self._client.close()

    # -- public calls --------------------------------------------------------------

    async def list_models(self) -> list[str]:
        async def call() -> list[str]:
            # Iterating the paginator follows every page (OpenRouter lists hundreds).
            return sorted({m.id async for m in self._client.models.list()})

        return await self._with_retries("list_models", call)

    async def complete(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> str:
        kwargs = self._request_kwargs(messages, params)

        async def call() -> str:
            response = await self._post_chat(kwargs, stream=False)
            if not response.choices:
                return ""
            return response.choices[0].message.content or ""

        return await self._with_retries("complete", call)

    async def stream(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> AsyncIterator[str]:
        """Yield the answer's text deltas (a separate reasoning field is left out)."""
        async with contextlib.aclosing(self.stream_deltas(messages, params)) as deltas:
            async for delta in deltas:
                if delta.text:
                    yield delta.text

    async def stream_deltas(
        self, messages: list[dict[str, Any]], params: dict[str, Any], *, drop_refused_images: bool = True
    ) -> AsyncGenerator[Delta, None]:
        """Yield text and reasoning deltas, then one carrying the request's `usage`.

        Retries only until the first delta is yielded. The usage delta (text and
        reasoning empty) comes only when the stream finished; a cut stream raises
        `ModelStreamCut` with an estimated `usage` instead.

        With `drop_refused_images`, image parts go only to a model not known to
        be text-only, and a model that answers that it cannot take images is asked
        again once without them (and remembered as text-only for the life of this
        client, which is rebuilt whenever the model settings change). Without it,
        images are always sent and a refusal is an error like any other.
        """
        images = _has_images(messages) and drop_refused_images
        if images and self.text_only:
            messages, images = without_images(messages), False
        kwargs = self._request_kwargs(messages, params)
        backoff = self._new_backoff()
        attempt = 0
        while True:
            received = _Received()
            yielded = False
            try:
                # aclosing: if our caller stops early, the HTTP response is closed now, not at GC.
                async with contextlib.aclosing(self._stream_once(self._with_usage(kwargs), received)) as deltas:
                    async for delta in deltas:
                        yielded = True
                        yield delta
            except ModelError as err:
                if yielded:
                    # Text already reached the caller: a retry would repeat it.
                    if isinstance(err, ModelStreamCut):
                        err.usage = self._usage(kwargs, received, counted=False)
                        self._log_failure("stream", attempt, err, final=True)
                        raise
                    cut = ModelStreamCut("".join(received.text), err.detail)
                    cut.usage = self._usage(kwargs, received, counted=False)
                    self._log_failure("stream", attempt, cut, final=True)
                    raise cut from err
                if images and is_image_unsupported_error(err.status, err.body if err.body is not None else err.detail):
                    self._become_text_only(err)
                    kwargs = self._request_kwargs(without_images(messages), params)
                    images = False
                    continue
                if self.asks_usage and _refuses_stream_options(err):
                    self._stop_asking_usage(err)
                    continue
                if not err.transient or attempt >= self.max_retries:
                    self._log_failure("stream", attempt, err, final=True)
                    raise
                await self._backoff("stream", attempt, err, backoff)
                attempt += 1
            else:
                yield Delta(usage=self._usage(kwargs, received))
                return

    def _with_usage(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The request, asking for token usage in the stream unless this server refuses that."""
        if not self.asks_usage or "stream_options" in kwargs:
            return kwargs
        return {**kwargs, "stream_options": {"include_usage": True}}

    def _stop_asking_usage(self, err: ModelError) -> None:
        self.asks_usage = False
        log.info(
            "Model server %s does not accept stream_options (%s); asking again without it, token counts will be"
            " estimated",
            self._display_url,
            self._scrub(err.detail)[:200],
        )

    def _usage(self, kwargs: dict[str, Any], received: _Received, *, counted: bool = True) -> TokenUsage:
        """The server's count when it sent one (and `counted`), else an estimate from what was sent and received.

        The estimate is `bot.prompt`'s, the one the prompt budget uses: prompt
        messages as they were sent, and the answer with its reasoning (both billed).
        """
        if counted and received.usage is not None:
            return received.usage
        messages = [m for m in kwargs.get("messages", []) if isinstance(m.get("content"), (str, list))]
        return TokenUsage(
            prompt_tokens=_cost(messages),
            completion_tokens=estimate_tokens("".join(received.reasoning) + "".join(received.text)),
            estimated=True,
        )

    def _become_text_only(self, err: ModelError) -> None:
        if not self.text_only:
            self.text_only = True
            if self._on_text_only is not None:
                self._on_text_only()
            log.warning(
                "Model %s at %s cannot take images (%s); sending it text only until the model changes",
                self.model,
                self._display_url,
                self._scrub(err.detail)[:200],
            )

    # -- internals -----------------------------------------------------------------

    def _ensure_open(self) -> None:
        if self._closed:
            raise RuntimeError("ModelClient is closed")

    def _request_kwargs(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
        """The JSON body of a chat request (without ``stream``): model, redacted messages, and every
        param that is set (None means "not set").

        Params the openai signature does not know (top_k, min_p... which OpenRouter, llama.cpp
        and Ollama accept) go in like the others: `_post_chat` posts the body as is.
        """
        kwargs: dict[str, Any] = {"model": self.model, "messages": redact_messages(messages)}
        for key, value in params.items():
            if value is not None and key not in ("stream", "model", "messages"):
                kwargs[key] = value
        return kwargs

    async def _post_chat(self, kwargs: dict[str, Any], *, stream: bool) -> Any:
        """POST /chat/completions through the SDK's generic `post`.

        openai 3.5x: `chat.completions.create` runs a type transform over every
        message (about 0.15 ms each), 30 ms for a 200-turn prompt, which was most
        of the bot's reply latency. Our messages are already plain JSON dicts, so
        we send the body as is; errors, auth, timeouts and stream parsing are the
        SDK's own as before.
        """
        body = {**kwargs, "stream": stream}
        if stream:
            return await self._client.post(
                "/chat/completions",
                body=body,
                cast_to=openai_sdk.types.chat.ChatCompletion,
                stream=True,
                # Chunks as plain dicts: building the SDK's pydantic models for every chunk took
                # 2 ms of CPU per reply, for the three fields we read.
                stream_cls=openai_sdk.AsyncStream[object],
            )
        return await self._client.post("/chat/completions", body=body, cast_to=openai_sdk.types.chat.ChatCompletion)

    async def _stream_once(self, kwargs: dict[str, Any], received: _Received) -> AsyncGenerator[Delta, None]:
        """One streamed request; notes each delta and the server's usage in ``received`` before yielding."""
        self._ensure_open()
        try:
            response = await self._post_chat(kwargs, stream=True)
        except openai_sdk.OpenAIError as exc:
            raise self._map(exc) from exc
        finished = False
        try:
            async for chunk in response:
                if not isinstance(chunk, dict):
                    continue
                # The last chunk (no choices) with include_usage; some servers put it on every chunk.
                if (counted := _counted_usage(chunk)) is not None:
                    received.usage = counted
                for choice in chunk.get("choices") or ():
                    if not isinstance(choice, dict):
                        continue
                    if choice.get("finish_reason"):
                        finished = True
                    delta = choice.get("delta")
                    if not isinstance(delta, dict):
                        continue
                    text = delta.get("content") or ""
                    text = text if isinstance(text, str) else ""
                    # Not in the OpenAI schema: DeepSeek and vLLM send `reasoning_content`,
                    # OpenRouter and Ollama `reasoning`.
                    reasoning = delta.get("reasoning_content") or delta.get("reasoning")
                    reasoning = reasoning if isinstance(reasoning, str) else ""
                    if text:
                        received.text.append(text)
                    if reasoning:
                        received.reasoning.append(reasoning)
                    if text or reasoning:
                        yield Delta(text, reasoning)
        except openai_sdk.OpenAIError as exc:
            raise self._map(exc) from exc
        finally:
            await response.close()  # also when the consumer stops early
        if not finished:
            # The body ended cleanly but without a finish_reason: the server gave up midway.
            if received.text:
                raise ModelStreamCut("".join(received.text), detail="stream ended without finish_reason")
            raise ModelServerError("stream ended before any text")

    async def _with_retries(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        backoff = self._new_backoff()
        attempt = 0
        while True:
            self._ensure_open()
            try:
                return await call()
            except openai_sdk.OpenAIError as exc:
                err = self._map(exc)
                if not err.transient or attempt >= self.max_retries:
                    self._log_failure(what, attempt, err, final=True)
                    raise err from exc
                await self._backoff(what, attempt, err, backoff)
                attempt += 1

    def _new_backoff(self) -> Backoff:
        return Backoff(self.backoff_base, self.backoff_cap)

    async def _backoff(self, what: str, attempt: int, err: ModelError, backoff: Backoff) -> None:
        """Full-jitter exponential backoff; a server's retry-after wins when it gives one."""
        delay = backoff.next_delay()
        if isinstance(err, ModelRateLimited) and err.retry_after is not None:
            if err.retry_after > self.retry_after_cap:
                # Waiting less than asked would only earn another 429.
                self._log_failure(what, attempt, err, final=True)
                raise err
            delay = max(delay, err.retry_after)
        self._log_failure(what, attempt, err, final=False, delay=delay)
        await asyncio.sleep(delay)

    def _log_failure(
        self, what: str, attempt: int, err: ModelError, *, final: bool, delay: float | None = None
    ) -> None:
        log.log(
            logging.ERROR if final and not err.transient else logging.WARNING,
            "%s to %s (model %s) failed: %s status=%s attempt=%d/%d%s detail=%s",
            what,
            self._display_url,
            self.model,
            type(err).__name__,
            err.status,
            attempt + 1,
            self.max_retries + 1,
            f" retrying in {delay:.2f}s" if delay is not None else "",
            self._scrub(err.detail)[:300],
        )

    def _scrub(self, text: str) -> str:
        """Some servers echo the key back in their error text; never let it reach a log."""
        if self._api_key != PLACEHOLDER_API_KEY and self._api_key in text:
            text = text.replace(self._api_key, "***")
        return text

    def _map(self, exc: openai.OpenAIError) -> ModelError:
        """Translate an openai exception into our typed error (keeping the server's body)."""
        err = self._map_type(exc)
        if isinstance(exc, openai_sdk.APIStatusError):
            err.body = exc.body
        return err

    def _map_type(self, exc: openai.OpenAIError) -> ModelError:
        detail = self._scrub(str(exc))
        if isinstance(exc, openai_sdk.APITimeoutError):
            return ModelTimeout(detail)
        if isinstance(exc, openai_sdk.APIConnectionError):
            if isinstance(exc.__cause__, httpx_sdk.ConnectError):  # refused, DNS, no route
                return ModelUnreachable(self._display_url, detail)
            return ModelServerError(detail)  # connection dropped after it was made
        if isinstance(exc, openai_sdk.APIStatusError):
            status = exc.status_code
            code = _error_code(exc.body)
            if status in (401, 403):
                return ModelAuthError(detail, status=status)
            if status == 402 or code == "insufficient_quota":
                return ModelQuotaExceeded(detail, status=status)
            if status == 404:
                return ModelNotFound(self.model, self._display_url, detail, status=status)
            if status == 429:
                return ModelRateLimited(detail, status=status, retry_after=_parse_retry_after(exc.response.headers))
            if status == 408:
                return ModelTimeout(detail, status=status)
            if status >= 500:
                return ModelServerError(detail, status=status)
            if code == "model_not_found":
                return ModelNotFound(self.model, self._display_url, detail, status=status)
            return ModelBadRequest(detail, status=status)
        if isinstance(exc, openai_sdk.APIError):
            # Errors sent inside a 200 stream (OpenRouter does this) and unparsable bodies.
            return ModelServerError(detail)
        return ModelError(detail)


def redact_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The prompt as it may leave for a third party: no bot token or model key in any text.

    A user who pastes the token into a channel must not send it on to the model's provider.
    """
    cleaned: list[dict[str, Any]] = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, str):
            message = {**message, "content": redact.redact(content)}
        elif isinstance(content, list):  # multi-part content: redact the text parts
            parts = [
                {**part, "text": redact.redact(part["text"])}
                if isinstance(part, dict) and isinstance(part.get("text"), str)
                else part
                for part in content
            ]
            message = {**message, "content": parts}
        cleaned.append(message)
    return cleaned
