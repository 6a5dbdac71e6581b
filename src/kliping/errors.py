"""Named errors with stable codes. The CLI turns each into one line on stderr and exit code 2."""

from __future__ import annotations


class KlipingError(Exception):
    """Base class: ``code`` is stable and documented; the message is one line for a person."""

    code = "E000"

    def __str__(self) -> str:  # one line, always
        return " ".join(super().__str__().split())


class NotAnArticle(KlipingError):
    """The input holds no article text (empty, binary, a PDF, markup without text)."""

    code = "E100"


class InputTooLarge(KlipingError):
    """The input is over a configured size limit."""

    code = "E101"


class FetchError(KlipingError):
    """A URL could not be fetched (unreachable, refused, not HTML, too large, too slow)."""

    code = "E200"


class UnsafeURL(FetchError):
    """A URL that the fetcher refuses (not http/https, or a private/loopback/link-local address)."""

    code = "E201"
