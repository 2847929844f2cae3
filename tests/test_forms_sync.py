"""SPEC §4 form definitions, §12 command line: `sync_forms` versioning and the `flask forms`
commands (database-backed)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from server.models import Competency, Form, FormVersion
from server.services.forms.forms import FormDefinitionError, content_sha256, sync_forms

FORMS_DIR = Path(__file__).resolve().parent.parent / "forms"
SHIPPED = {
    "customer-satisfaction",
    "daily-self-check",
    "mystery-shop-store",
    "service-360",
    "supervisor-observation",
    "quiz-complaint-scenario",
}


@pytest.fixture
def forms_dir(tmp_path: Path) -> Path:
    target = tmp_path / "forms"
    target.mkdir()
    for path in FORMS_DIR.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    return target


def version_count(session: Any) -> int:
    return session.scalar(select(func.count()).select_from(FormVersion))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_sync_creates_version_1_of_every_form(db_session: Any, forms_dir: Path) -> None:
    results = sync_forms(db_session, forms_dir)
    assert {key for key, _, _ in results} == SHIPPED
    assert all(version == 1 and created for _, version, created in results)
    stored = db_session.scalars(select(FormVersion)).all()
    assert len(stored) == len(SHIPPED)
    for row in stored:
        assert row.sha256 == content_sha256(row.definition)
        assert row.definition["key"] == row.form.key


def test_second_sync_creates_nothing(db_session: Any, forms_dir: Path) -> None:
    sync_forms(db_session, forms_dir)
    db_session.commit()
    results = sync_forms(db_session, forms_dir)
    assert all(version == 1 and not created for _, version, created in results)
    assert version_count(db_session) == len(SHIPPED)


def test_changed_content_creates_version_2_only_for_that_form(
    db_session: Any, forms_dir: Path
) -> None:
    sync_forms(db_session, forms_dir)
    edit(forms_dir / "daily-self-check.yaml", "weight: 100", "weight: 90\n    competency: teamwork")
    edit(forms_dir / "daily-self-check.yaml", "weight: 0", "weight: 10")
    results = {
        key: (version, created) for key, version, created in sync_forms(db_session, forms_dir)
    }
    assert results.pop("daily-self-check") == (2, True)
    assert all(value == (1, False) for value in results.values())
    form = db_session.scalar(select(Form).where(Form.key == "daily-self-check"))
    assert [v.version for v in form.versions] == [1, 2]
    assert form.versions[1].definition["sections"][0]["weight"] == 90


def test_formatting_only_change_creates_no_version(db_session: Any, forms_dir: Path) -> None:
    sync_forms(db_session, forms_dir)
    path = forms_dir / "daily-self-check.yaml"
    path.write_text(
        "# reformatted\n"
        + path.read_text(encoding="utf-8").replace("weight: 100", "weight: 100.0"),
        encoding="utf-8",
    )
    assert ("daily-self-check", 1, False) in sync_forms(db_session, forms_dir)


def test_reverted_content_reuses_the_existing_version(db_session: Any, forms_dir: Path) -> None:
    path = forms_dir / "daily-self-check.yaml"
    original = path.read_text(encoding="utf-8")
    sync_forms(db_session, forms_dir)
    edit(path, "weight: 0", "weight: 5")
    assert ("daily-self-check", 2, True) in sync_forms(db_session, forms_dir)
    path.write_text(original, encoding="utf-8")
    assert ("daily-self-check", 1, False) in sync_forms(db_session, forms_dir)
    assert version_count(db_session) == len(SHIPPED) + 1


def test_invalid_file_aborts_the_whole_sync(db_session: Any, forms_dir: Path) -> None:
    edit(forms_dir / "service-360.yaml", "weight: 20", "weight: -20")
    with pytest.raises(FormDefinitionError) as info:
        sync_forms(db_session, forms_dir)
    assert info.value.errors == [
        f"{forms_dir / 'service-360.yaml'}: sections[0].weight: Must be greater than or equal to 0."
    ]
    assert version_count(db_session) == 0


def test_competencies_are_upserted(db_session: Any, forms_dir: Path) -> None:
    sync_forms(db_session, forms_dir)
    rows = {c.key: c for c in db_session.scalars(select(Competency))}
    assert "proactive_communication" in rows
    assert rows["teamwork"].name == {"en": "Teamwork", "zh-CN": "团队协作"}
    edit(
        forms_dir / "competencies.yaml",
        "{en: Teamwork, zh-CN: 团队协作}",
        "{en: Team work, zh-CN: 团队合作}",
    )
    sync_forms(db_session, forms_dir)
    db_session.expire_all()
    assert db_session.get(Competency, "teamwork").name == {"en": "Team work", "zh-CN": "团队合作"}


def test_cli_check_ok(runner: Any) -> None:
    result = runner.invoke(args=["forms", "check", *map(str, sorted(FORMS_DIR.glob("*.yaml")))])
    assert result.exit_code == 0, result.output
    assert "8 file(s) OK" in result.output


def test_cli_check_prints_one_line_per_error(runner: Any, forms_dir: Path) -> None:
    edit(forms_dir / "service-360.yaml", "weight: 20", "weight: -20")
    edit(forms_dir / "daily-self-check.yaml", "type: yes_no", "type: yes_or_no")
    result = runner.invoke(
        args=[
            "forms",
            "check",
            str(forms_dir / "service-360.yaml"),
            str(forms_dir / "daily-self-check.yaml"),
        ]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{forms_dir / 'service-360.yaml'}: sections[0].weight: "
        "Must be greater than or equal to 0.",
        f"{forms_dir / 'daily-self-check.yaml'}: sections[0].questions[0].type: Must be one of: "
        "rating, yes_no, choice, multi_choice, number, text, date, time, datetime, photo.",
    ]


def test_cli_sync_reports_created_then_unchanged(
    runner: Any, db_session: Any, forms_dir: Path
) -> None:
    first = runner.invoke(args=["forms", "sync", "--dir", str(forms_dir)])
    assert first.exit_code == 0, first.output
    assert sorted(first.output.splitlines()) == [f"created   {k} v1" for k in sorted(SHIPPED)]
    second = runner.invoke(args=["forms", "sync", "--dir", str(forms_dir)])
    assert sorted(second.output.splitlines()) == [f"unchanged {k} v1" for k in sorted(SHIPPED)]
    assert version_count(db_session) == len(SHIPPED)


def test_cli_sync_defaults_to_the_shipped_directory(runner: Any) -> None:
    result = runner.invoke(args=["forms", "sync"])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == len(SHIPPED)


def test_cli_sync_fails_without_writing_on_errors(
    runner: Any, db_session: Any, forms_dir: Path
) -> None:
    edit(
        forms_dir / "customer-satisfaction.yaml",
        "relationships: [customer]",
        "relationships: [client]",
    )
    result = runner.invoke(args=["forms", "sync", "--dir", str(forms_dir)])
    assert result.exit_code == 1
    assert "relationships[0]: Must be one of" in result.output
    assert version_count(db_session) == 0


def test_sync_is_idempotent_on_postgresql(pg_app: Any, forms_dir: Path) -> None:
    from server.extensions import db

    assert all(created for _, _, created in sync_forms(db.session, forms_dir))
    db.session.commit()
    db.session.expire_all()
    assert not any(created for _, _, created in sync_forms(db.session, forms_dir))
    for row in db.session.scalars(select(FormVersion)):
        # JSONB reorders keys; the canonical fingerprint must not care.
        assert row.sha256 == content_sha256(row.definition)
