"""The errors the rules raise: what went wrong, in domain terms, with no HTTP in sight.

A service says *what* failed (`NotFound`, `Invalid`, `Conflict`, `Forbidden`, `Gone`,
`TooManyRequests`, `Unavailable`...), with a machine `code` (`"email_taken"`), an English message
template (the gettext msgid, never an f-string) and its `params`, and optional
`details` (field errors, ids). `server/errors.py` maps each kind to its HTTP status
and the SPEC §8 JSON shape and translates the template in the request's language;
the CLI (`server/cli/errors.py`) prints the same error as one line.

Why a top-level module and not `server/services/errors.py`: the services are not the
only raisers (the API views, the web shell and the CLI raise and catch the same
errors), and the services are being split into domain packages; a module at the root
that imports nothing but the standard library can be imported from every layer
(models, services, api, cli) without an import cycle and without pulling in Flask.
A test (tests/test_domain_errors.py) fails if a service imports Flask, `ApiError` or
`server.extensions`.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal a client can act on.

    `code` is the stable machine code of the SPEC §8 error body; `message` is the
    English template (`"Send at most {max} submissions at once."`) whose values are
    in `params`; `details` carry the machine-readable rest. `err.message` (and
    `str(err)`) is the English text, for logs. `retry_after` (seconds) tells the client
    when trying again makes sense (a 429, a 503); it becomes the Retry-After header.
    `challenge` is a WWW-Authenticate value for a 401 (an API token's scheme, RFC 6750).
    """

    #: the `code` when the raiser gives none
    default_code = "error"
    #: the WWW-Authenticate header of a 401 (set by the layer that knows the scheme)
    challenge: str | None = None

    def __init__(
        self,
        code: str | None,
        message: str,
        details: dict[str, Any] | None = None,
        *,
        params: dict[str, Any] | None = None,
        retry_after: int | None = None,
    ) -> None:
        self.code = code or self.default_code
        self.retry_after = retry_after
        self.template = message
        self.params = params or {}
        self.details = details or {}
        self.message = message.format_map(self.params) if self.params else message
        super().__init__(self.message)


class BadRequest(DomainError):
    """The request cannot be understood (a body that is not JSON...)."""

    default_code = "bad_request"


class Unauthenticated(DomainError):
    """Nobody is logged in, or the credentials are wrong."""

    default_code = "unauthenticated"


class Forbidden(DomainError):
    """The caller may not do this (role, ownership, wrong current password)."""

    default_code = "forbidden"


class NotFound(DomainError):
    """The thing does not exist, or the caller may not know that it does."""

    default_code = "not_found"


class Conflict(DomainError):
    """The request contradicts the current state (a transition, a duplicate...)."""

    default_code = "conflict"


class Gone(DomainError):
    """The thing existed and is no longer usable (a deactivated link)."""

    default_code = "gone"


class TooLarge(DomainError):
    """Too much at once: a file, an image, a batch."""

    default_code = "too_large"


class UnsupportedMedia(DomainError):
    """The content type is not one we accept."""

    default_code = "unsupported_media_type"


class Invalid(DomainError):
    """The input breaks a rule; `details["fields"]` usually says which field and why."""

    default_code = "invalid"


class TooManyRequests(DomainError):
    """Too many attempts; allowed again after `retry_after` seconds."""

    default_code = "too_many_requests"


class Unavailable(DomainError):
    """A service the server depends on (the file store...) cannot be reached; try again
    after `retry_after` seconds."""

    default_code = "unavailable"


class Term(str):
    """A value a message inserts that is translated too; the English text everywhere else.

    A word of a closed set, named with its gettext context (`Term("draft", "campaign
    status")` is "草稿" in a Chinese message), or a phrase with values of its own
    (`rate_limit(10, 15, "minute")`). Being a `str`, it reads as the English text in
    logs, JSON details and English messages.
    """

    msgid: str
    context: str | None
    params: dict[str, Any]

    def __new__(cls, msgid: str, context: str | None = None, **params: Any) -> Term:
        term = super().__new__(cls, msgid.format_map(params) if params else msgid)
        term.msgid = msgid
        term.context = context
        term.params = params
        return term


def rate_limit(amount: int, multiples: int | None, unit: str) -> Term:
    """`10 per 15 minute`, as the limits library writes a rate limit, translatable."""
    word = Term(unit, "time unit")
    if multiples is None:
        return Term("{amount} per {unit}", amount=amount, unit=word)
    return Term("{amount} per {multiples} {unit}", amount=amount, multiples=multiples, unit=word)
