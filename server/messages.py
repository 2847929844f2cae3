"""Server strings in the caller's language, from the gettext catalogues (Babel).

Every user-facing string of the server (error messages, report strings, CLI lines) is an
English msgid in the code; its translations live in
`translations/<locale>/LC_MESSAGES/messages.po` (compiled to `.mo`, both committed),
maintained with the ecosystem's tools (`make i18n`: `pybabel extract` with babel.cfg,
`pybabel update`, `pybabel compile`). Adding a language is adding a catalogue: the locales
offered are the English source plus every compiled catalogue found.

An error carries its msgid and its values (`server/domain_errors.py`); it is translated
when the response is written: the msgid is looked up, then the values are formatted in,
each `Term` value (a status name, a rate limit) translated first. Flask-Babel chooses the
locale of a request with the rule of `request_locale`.

Strings inside error details are translated by code the same way: a `Term` (org-import
rows, every marshmallow message through server.schemas.base, the form-definition check
lines) by its msgid and values, any other string as a msgid (an exact catalogue entry) or
not at all. No English text is ever matched back to a template (tests/test_translations.py
checks that this module has no regular expression).
"""

from __future__ import annotations

import functools
import gettext
import string
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations
from flask import current_app, has_app_context, has_request_context, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from server.domain_errors import Term

#: The locales a user account may choose (the product's two languages).
LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "en"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Mark a msgid for extraction (a string other code formats or looks up later)."""
    return msgid


def P_(context: str, msgid: str) -> str:  # noqa: N802
    """Mark a msgid with its context for extraction."""
    return msgid


#: The values messages insert as `Term`s, marked for extraction with their context.
TERMS = (
    P_("campaign status", "draft"),
    P_("campaign status", "open"),
    P_("campaign status", "closed"),
    P_("campaign status", "released"),
    P_("campaign transition", "opened"),
    P_("campaign transition", "closed"),
    P_("campaign transition", "released"),
    P_("campaign transition", "unreleased"),
    P_("action item status", "open"),
    P_("action item status", "acknowledged"),
    P_("action item status", "responded"),
    P_("action item status", "planned"),
    P_("action item status", "closed"),
    P_("time unit", "second"),
    P_("time unit", "minute"),
    P_("time unit", "hour"),
    P_("time unit", "day"),
    N_("{amount} per {unit}"),
    N_("{amount} per {multiples} {unit}"),
)


def babel_name(locale: str) -> str:
    """`zh-CN` -> `zh_CN` (the catalogue folder name)."""
    return locale.replace("-", "_")


def _tag(name: str) -> str:
    return name.replace("_", "-")


def directories() -> tuple[str, ...]:
    """Flask-Babel's translation directories (the project's `translations` by default)."""
    if has_app_context():
        babel = current_app.extensions.get("babel")
        if babel is not None:
            return tuple(babel.translation_directories)
    return (str(TRANSLATIONS),)


@functools.cache
def _catalogue(dirs: tuple[str, ...], locale: str) -> gettext.NullTranslations:
    translations: gettext.NullTranslations = NullTranslations()
    for directory in dirs:
        found = Translations.load(directory, [babel_name(locale)], DOMAIN)
        if isinstance(found, Translations):
            if isinstance(translations, Translations):
                translations.merge(found)
            else:
                translations = found
    return translations


def catalogue(locale: str) -> gettext.NullTranslations:
    """The compiled catalogue of `locale` (English: none, the msgids are English)."""
    return _catalogue(directories(), locale)


@functools.cache
def _available(dirs: tuple[str, ...]) -> tuple[str, ...]:
    found = {
        _tag(mo.parent.parent.name)
        for directory in dirs
        for mo in Path(directory).glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    }
    return (DEFAULT_LOCALE, *sorted(found - {DEFAULT_LOCALE}))


def available_locales() -> tuple[str, ...]:
    """English (the source) and every language with a compiled catalogue."""
    return _available(directories())


def _match(tag: str, offered: tuple[str, ...]) -> str | None:
    tag = tag.lower()
    for locale in offered:
        if tag == locale.lower():
            return locale
    primary = tag.split("-")[0]
    return next((loc for loc in offered if loc.lower().split("-")[0] == primary), None)


def request_locale() -> str:
    """The language to answer in: Accept-Language, else the user's locale, else English."""
    if not has_request_context():
        return DEFAULT_LOCALE
    offered = available_locales()
    for tag, quality in request.accept_languages:
        found = _match(tag, offered) if quality > 0 else None
        if found:
            return found
    try:
        if current_user.is_authenticated and current_user.locale in offered:
            return str(current_user.locale)
    except SQLAlchemyError:  # an error page must not fail because the database did
        pass
    return DEFAULT_LOCALE


def babel_locale() -> str:
    """Flask-Babel's locale selector: the same rule, as a Babel locale name."""
    return babel_name(request_locale())


def _value(value: Any, translations: gettext.NullTranslations) -> Any:
    if not isinstance(value, Term):
        return value
    if value.context is not None:
        text = translations.pgettext(value.context, value.msgid)
    else:
        text = translations.gettext(value.msgid)
    if not value.params:
        return text
    return text.format_map({k: _value(v, translations) for k, v in value.params.items()})


def localize(msgid: str, params: dict[str, Any] | None, locale: str) -> str:
    """The msgid's text in `locale`, with its values (translated `Term`s) formatted in."""
    translations = catalogue(locale)
    text = translations.gettext(msgid)
    if not params:
        return text
    return text.format_map({k: _value(v, translations) for k, v in params.items()})


def msgids(locale: str) -> list[str]:
    """The plain (context-free) msgids `locale`'s catalogue translates."""
    entries: dict[Any, str] = getattr(catalogue(locale), "_catalog", {})
    return sorted(k for k in entries if isinstance(k, str) and k and "\x04" not in k)


def match_locale(tag: str) -> str | None:
    """The offered locale a language tag (`zh-TW`, `en_GB`) asks for, if any."""
    return _match(tag.replace("_", "-"), available_locales())


def has_translation(msgid: str, locale: str) -> bool:
    """Whether `locale`'s catalogue translates `msgid`."""
    entries: dict[Any, str] = getattr(catalogue(locale), "_catalog", {})
    return msgid in entries


def placeholders(template: str) -> set[str]:
    """The `{name}` placeholders of a template."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # a lone brace: not a template
        return set()
    return {
        name
        for _, name, spec, conversion in parsed
        if name and not spec and conversion is None and name.replace("_", "a").isalnum()
    }


def translate(text: str, locale: str) -> str:
    """A message in `locale`: a `Term` by its msgid and values, other text as a msgid.

    Text that is no msgid (a value, a library's English) stays as it is: nothing is
    matched back to a template.
    """
    if locale == DEFAULT_LOCALE or not text:
        return text
    translations = catalogue(locale)
    if isinstance(text, Term):
        return str(_value(text, translations))
    return translations.gettext(text)


def localize_details(value: Any, locale: str) -> Any:
    """Translate the human-readable strings inside error details; keys stay as they are."""
    if locale == DEFAULT_LOCALE:
        return value
    if isinstance(value, str):
        return translate(value, locale)
    if isinstance(value, dict):
        return {key: localize_details(item, locale) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localize_details(item, locale) for item in value]
    return value


def localize_result(result: dict[str, Any], locale: str) -> dict[str, Any]:
    """Translate the `error` of one per-item result (`{"id", "status", "error"?}`)."""
    error = result.get("error")
    if locale == DEFAULT_LOCALE or not isinstance(error, dict):
        return result
    return {
        **result,
        "error": {
            **error,
            "message": translate(str(error.get("message", "")), locale),
            "details": localize_details(error.get("details", {}), locale),
        },
    }
