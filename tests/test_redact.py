"""Redaction: the token and API key never reach a handler's output."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot import redact
from bot.redact import REDACTED, RedactingFilter, install_on_handler

TOKEN = "MTIzNDU2Nzg5MDEy.GhIjKl.fake-discord-token-0123456789"
API_KEY = "sk-proj-fake-openai-key-abcdefghijklmnop"


class Capture:
    """A real StreamHandler with a formatter, as the app's file/stderr handlers are."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    @property
    def text(self) -> str:
        return self.stream.getvalue()


@pytest.fixture
def root_capture() -> Iterator[tuple[Capture, RedactingFilter]]:
    """A handler on the root logger with a private filter on it, as `setup_logging` installs one."""
    root = logging.getLogger()
    capture = Capture()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    filter_ = RedactingFilter([TOKEN, API_KEY])
    install_on_handler(capture.handler, filter_)
    root.addHandler(capture.handler)
    try:
        yield capture, filter_
    finally:
        root.removeHandler(capture.handler)
        capture.handler.close()
        root.setLevel(old_level)


def fail_with_token() -> None:
    raise ConnectionError(f"401 Unauthorized for Authorization: Bot {TOKEN}")


def assert_clean(text: str) -> None:
    assert TOKEN not in text and API_KEY not in text, text
    # Nor a recognisable chunk of either.
    assert "fake-discord-token" not in text and "fake-openai-key" not in text, text


def test_secret_in_message_args_and_traceback_is_redacted(root_capture: tuple[Capture, RedactingFilter]) -> None:
    capture, _ = root_capture
    log = logging.getLogger("familiar.tests.child")  # propagates to root: handler filter needed

    log.info(f"token is {TOKEN}")
    log.warning("calling %s with key %s", "https://api.example/v1", API_KEY)
    log.error("mapping args: %(key)s", {"key": API_KEY})
    try:
        fail_with_token()
    except ConnectionError:
        log.exception("login failed with key=%s", API_KEY)

    text = capture.text
    assert_clean(text)
    assert f"token is {REDACTED}" in text
    assert f"calling https://api.example/v1 with key {REDACTED}" in text
    assert f"mapping args: {REDACTED}" in text
    assert "Traceback (most recent call last)" in text
    assert f"ConnectionError: 401 Unauthorized for Authorization: Bot {REDACTED}" in text
    assert "in fail_with_token" in text  # the traceback itself is kept


def test_exception_object_as_message_and_exc_info_tuple(root_capture: tuple[Capture, RedactingFilter]) -> None:
    capture, _ = root_capture
    log = logging.getLogger("familiar.tests.other")
    try:
        fail_with_token()
    except ConnectionError as exc:
        log.error(exc)
        log.warning("retrying", exc_info=exc)
    assert_clean(capture.text)
    assert capture.text.count(REDACTED) == 2  # the message line and the exception line


def test_stack_info_is_redacted(root_capture: tuple[Capture, RedactingFilter]) -> None:
    capture, filter_ = root_capture
    # The test's own function name appears in the stack; treat it as the secret.
    filter_.register_secret("test_stack_info_is_redacted")
    logging.getLogger("familiar.tests").info("where am I", stack_info=True)
    assert "Stack (most recent call last)" in capture.text
    assert "test_stack_info_is_redacted" not in capture.text
    assert REDACTED in capture.text


def test_secrets_change_at_runtime(root_capture: tuple[Capture, RedactingFilter]) -> None:
    capture, filter_ = root_capture
    new_token = "a-brand-new-token-pasted-in-settings"
    log = logging.getLogger("familiar.tests")
    log.info("before %s", new_token)
    filter_.register_secret(new_token)
    log.info("after %s", new_token)
    filter_.set_secrets([API_KEY])  # the token was removed from settings
    log.info("old %s", TOKEN)
    assert f"before {new_token}" in capture.text
    assert f"after {REDACTED}" in capture.text
    assert f"old {TOKEN}" in capture.text


def test_trivial_values_are_not_registered() -> None:
    filter_ = RedactingFilter(["", None, "abc", "   ", "12345"])
    assert filter_.secrets == frozenset()
    assert filter_.redact("abc 12345") == "abc 12345"


def test_longer_secret_containing_a_shorter_one_is_redacted_whole() -> None:
    filter_ = RedactingFilter(["secret", "secret-and-more"])
    assert filter_.redact("x secret-and-more y secret") == f"x {REDACTED} y {REDACTED}"


def test_handler_on_a_non_propagating_logger(root_capture: tuple[Capture, RedactingFilter]) -> None:
    _, filter_ = root_capture
    own = Capture()
    log = logging.getLogger("familiar.tests.isolated")
    log.propagate = False
    log.addHandler(own.handler)
    install_on_handler(own.handler, filter_)
    install_on_handler(own.handler, filter_)  # idempotent
    try:
        log.error("key %s", API_KEY)
    finally:
        log.removeHandler(own.handler)
        log.propagate = True
        own.handler.close()
    assert own.handler.filters == [filter_]
    assert own.text == f"ERROR familiar.tests.isolated key {REDACTED}\n"


def test_module_level_default_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    before = redact.default_filter().secrets
    capture = Capture()
    install_on_handler(capture.handler)
    logger = logging.getLogger("familiar.tests.default")
    logger.propagate = False
    logger.addHandler(capture.handler)
    try:
        redact.register_secret(TOKEN)
        logger.warning("t=%s", TOKEN)
    finally:
        redact.set_secrets(before)
        logger.removeHandler(capture.handler)
        logger.propagate = True
        capture.handler.close()
    assert capture.text == f"WARNING familiar.tests.default t={REDACTED}\n"
    assert redact.redact(f"x {TOKEN}") == f"x {TOKEN}"  # restored
