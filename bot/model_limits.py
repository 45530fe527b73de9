"""What a model server says it cannot do, recognised from its error answers.

Servers word "this model takes no images" in their own ways and with their own
status codes (OpenRouter 404, llama.cpp and Ollama 500), so the recogniser
looks at the words, for requests that carried images only.
"""

from __future__ import annotations

import json
import re

#: How servers say that a model (or the server) takes no image input at all, each seen in
#: the wild. Matched case-insensitively, after dropping backslashes and quotes. Errors about
#: one bad image ("invalid image input", "Failed to load image") or about too many images
#: (a vision model with a limit) are deliberately absent: those models can see.
_NO_IMAGE_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        # OpenAI (400, invalid_request_error, param messages.[i].content.[j].type)
        r"image_url is only supported by certain models",
        # OpenRouter, when no provider of the model takes images (404!)
        r"no endpoints found that support image input",
        # llama.cpp server without --mmproj (500, server_error); older builds "... by this server"
        r"image input is not supported",
        # Ollama's runner for a model without a vision projector (500 or 400)
        r"missing data required for image input",
        # LM Studio "Model does not support images. Please use a model that does." (400);
        # Ollama cloud/Anthropic-style and xAI "does not support image input"
        r"does not support images?\b(?! generation)",
        r"does not support (?:vision|multimodal)",
        # vLLM "<model> is not a multimodal model" (400); LiteLLM "... is not a vision model"
        r"is not a (?:multimodal|vision)(?: |-)?(?:language )?model",
        # DeepSeek's API (400) "unknown variant `image_url`, expected `text`"
        r"unknown variant image_url",
        # llama.cpp before multimodal support (500)
        r"unsupported content part type:? image_url",
        # servers that only take text parts
        r"only text content (?:type )?is supported",
        r"images? (?:input )?(?:is|are) not supported (?:by|for|with) (?:this|the) model",
    )
)
#: Statuses such answers come with: 400 (most), 404 (OpenRouter), 415/422 (strict
#: validators), 500 (llama.cpp, Ollama), 501 (not implemented).
_NO_IMAGE_STATUSES = frozenset({400, 404, 415, 422, 500, 501})


def is_image_unsupported_error(status: int | None, body_or_message: object) -> bool:
    """Whether an error answer says the model cannot take image input (and nothing else does).

    ``body_or_message``: the response text, the parsed JSON body or the exception text.
    ``status=None`` (an error without an HTTP status, e.g. inside a stream) checks the
    words alone. Call it only for a request that carried images.
    """
    if status is not None and status not in _NO_IMAGE_STATUSES:
        return False
    if isinstance(body_or_message, (bytes, bytearray)):
        text = bytes(body_or_message).decode("utf-8", "replace")
    elif isinstance(body_or_message, str):
        text = body_or_message
    else:
        try:
            text = json.dumps(body_or_message, default=str)
        except (TypeError, ValueError):
            text = str(body_or_message)
    plain = re.sub(r"[\\`'\"]", "", text.casefold())
    plain = re.sub(r"\s+", " ", plain)
    return any(pattern.search(plain) for pattern in _NO_IMAGE_PATTERNS)
