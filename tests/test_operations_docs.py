"""SPEC §14 testing: docs/operations.md documents every setting of server/config.py (new settings
must be added)."""

from __future__ import annotations

from pathlib import Path

from server.config import Config

DOC = Path(__file__).resolve().parent.parent / "docs" / "operations.md"


def test_every_setting_is_in_the_configuration_reference():
    text = DOC.read_text(encoding="utf-8")
    settings = [name for name in vars(Config) if name.isupper()]
    missing = [
        name
        for name in settings
        if f"`{name}`" not in text and not (name.startswith("OPENAPI_") and "`OPENAPI_*`" in text)
    ]
    assert not missing, f"undocumented settings in docs/operations.md: {missing}"


def test_documented_scripts_exist_and_are_executable():
    root = DOC.parent.parent
    for script in ("scripts/backup.sh", "scripts/restore.sh"):
        assert (root / script).stat().st_mode & 0o111, script
