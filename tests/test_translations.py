"""SPEC §8 (error messages in the user's language), §11 (bilingual PDF): the gettext catalogues.

Every msgid `pybabel extract` finds in the server (with the keywords of `make i18n`) has a
real zh_CN translation (not empty, not fuzzy, same placeholders); the committed `.mo` is
the compiled `.po`; and a third language is only a catalogue: a pseudo-locale built here
(every msgstr bracketed) is spoken by the API, the PDF strings and the CLI without code.
"""

from __future__ import annotations

import io
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask import Flask

from server import create_app, messages
from server.cli import errors as cli_errors
from server.reports import i18n
from tests.factories import ApiClient, make_user

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "translations" / "zh_CN" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def keywords() -> dict[str, tuple[Any, ...]]:
    """The extraction keywords `make i18n` passes to pybabel (the BABEL_KEYWORDS line)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(x for x in text.splitlines() if x.startswith("BABEL_KEYWORDS"))
    specs = [s for s in shlex.split(line.split(":=", 1)[1]) if s != "-k"]
    out: dict[str, tuple[Any, ...]] = {}
    for spec in specs:
        name, _, args = spec.partition(":")
        parts = [(int(a[:-1]), "c") if a.endswith("c") else int(a) for a in args.split(",") if a]
        out[name] = tuple(parts) or (1,)
    return out


def extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message the extractor finds in the server."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT / "server"), keywords=keywords(), comment_tags=()
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.add((context, msgid))
    return found


def zh_catalogue() -> Catalog:
    with (ZH / "messages.po").open("rb") as po:
        return read_po(po)


def test_every_extracted_msgid_has_a_real_chinese_translation() -> None:
    catalogue = zh_catalogue()
    found = extracted()
    assert len(found) > 300  # errors, report strings, CLI lines and status words
    problems = []
    for context, msgid in sorted(found, key=str):
        entry = catalogue.get(msgid, context=context)
        if entry is None or not entry.string:
            problems.append(f"untranslated: {context or ''} {msgid}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid}")
        elif set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(str(entry.string))):
            problems.append(f"placeholders differ: {msgid}")
    assert problems == []


def test_the_check_sees_a_missing_and_a_fuzzy_translation() -> None:
    catalogue = zh_catalogue()
    assert catalogue.get("No such msgid anywhere.") is None
    entry = catalogue.get("No such campaign.")
    assert entry is not None and entry.string and not entry.fuzzy
    entry.flags.add("fuzzy")
    assert entry.fuzzy  # what the check above reports


def test_the_committed_mo_is_the_compiled_po() -> None:
    with (ZH / "messages.mo").open("rb") as mo:
        compiled = {(m.context, m.id): m.string for m in read_mo(mo) if m.id}
    source = {(m.context, m.id): m.string for m in zh_catalogue() if m.id and not m.fuzzy}
    assert compiled == source


# --- a third language is one catalogue ---------------------------------------------


def pseudo(text: str) -> str:
    return f"[{text}]"


@pytest.fixture
def pseudo_app(tmp_path: Path, app: Flask) -> Iterator[Flask]:
    """The app with a pseudo-locale `eo` catalogue next to the shipped ones."""
    catalogue = Catalog(locale="eo")
    for context, msgid in extracted():
        catalogue.add(msgid, pseudo(msgid), context=context)
    folder = tmp_path / "eo" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as mo:
        write_mo(mo, catalogue)
    dirs = f"{messages.TRANSLATIONS};{tmp_path}"
    other = create_app({**app.config, "BABEL_TRANSLATION_DIRECTORIES": dirs})
    with other.app_context():
        yield other


def test_a_pseudo_locale_is_offered_once_its_catalogue_exists(pseudo_app: Flask) -> None:
    assert messages.available_locales() == ("en", "eo", "zh-CN")
    api = ApiClient(pseudo_app.test_client())
    assert api.login(make_user(role="hr").email).status_code == 200
    resp = api.get("/api/v1/campaigns/999999", headers={"Accept-Language": "eo"})
    assert resp.status_code == 404
    assert resp.get_json()["error"]["message"] == "[No such campaign.]"
    zh = api.get("/api/v1/campaigns/999999", headers={"Accept-Language": "zh-CN"})
    assert zh.get_json()["error"]["message"] == "评估活动不存在。"


def test_a_pseudo_locale_translates_values_reports_and_the_cli(pseudo_app: Flask) -> None:
    from server.domain_errors import Term

    item = "The item is already {status}."
    text = messages.localize(item, {"status": Term("planned", "action item status")}, "eo")
    assert text == "[The item is already [planned].]"
    t = i18n.translator("eo")
    assert t("report_title") == "[Service performance review]"
    assert t("page_of", page=1, pages=2) == "[Page 1 of 2]"
    assert cli_errors.cli_locale({"LANG": "eo.UTF-8"}) == "eo"
    err = cli_errors.CliError("No such campaign.")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LC_ALL", "eo")
        err.show(out)
    assert out.getvalue() == "[Error: [No such campaign.]]\n"


def test_without_the_catalogue_the_language_is_not_offered(app: Flask) -> None:
    assert messages.available_locales() == ("en", "zh-CN")
    assert cli_errors.cli_locale({"LANG": "eo.UTF-8"}) == "en"


def test_org_import_rows_are_translated_by_code(app: Flask) -> None:
    """A row message is a `Term` (msgid and values), translated without reading the text."""
    from server.domain_errors import Invalid, Term
    from server.services.org import org_import

    with pytest.raises(Invalid) as info:
        org_import.read_rows("org.csv", b"name\nA\n")
    row = info.value.details["rows"][0]
    assert isinstance(row["message"], Term) and row["message"].params
    assert row["message"].startswith("Missing columns: ")
    translated = messages.localize_details(info.value.details, "zh-CN")["rows"][0]["message"]
    assert translated.startswith("缺少列：")
    odd = Term("{column} is required.", column="Missing columns: x")  # text alone would mislead
    assert messages.localize_details(odd, "zh-CN") == "Missing columns: x 为必填项。"


def test_cli_org_import_prints_rows_in_the_terminals_language(app: Flask, tmp_path: Path) -> None:
    bad = tmp_path / "org.csv"
    bad.write_bytes(b"name\nA\n")
    runner = app.test_cli_runner()
    for env, lines in (
        (
            {"LC_ALL": "zh_CN.UTF-8"},
            ["导入失败：表头缺少必填列。", "  第 1 行：missing_columns：缺少列："],
        ),
        (
            {"LC_ALL": "en_US.UTF-8"},
            [
                "Import failed: The header row lacks required columns.",
                "  line 1: missing_columns: Missing columns: ",
            ],
        ),
    ):
        result = runner.invoke(args=["org", "import", str(bad)], env=env)
        assert result.exit_code == 1
        out = result.output.splitlines()
        assert out[0] == lines[0] and out[1].startswith(lines[1]), out
