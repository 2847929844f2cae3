"""SPEC §12 command line: CLI errors are one line in the user's language with exit status 2;
progress without a terminal is a line every few seconds (server/cli/errors.py,
server/cli/progress.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from server import messages
from server.cli import errors as cli_errors
from server.cli import progress as cli_progress
from server.cli import reviews as cli_reviews
from server.errors import ApiError
from tests.reports_data import build

ENGLISH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}
CHINESE = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}

UNKNOWN_CAMPAIGN = [
    ["reviews", "build", "--campaign", "999", "--out", "{tmp}/pdfs"],
    ["exports", "answers", "--campaign", "999", "--out", "{tmp}/a.csv"],
    ["exports", "summary", "--campaign", "999", "--format", "xlsx", "--out", "{tmp}/s.xlsx"],
]


def _args(args: list[str], tmp_path: Path) -> list[str]:
    return [a.format(tmp=tmp_path) for a in args]


def _one_error_line(result: click.testing.Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("args", UNKNOWN_CAMPAIGN, ids=lambda a: " ".join(a[:2]))
def test_unknown_campaign_is_one_line_exit_2_in_english(runner, tmp_path, args):
    result = runner.invoke(args=_args(args, tmp_path), env=ENGLISH)
    assert _one_error_line(result) == "Error: No such campaign."
    assert not (tmp_path / "a.csv").exists() and not (tmp_path / "s.xlsx").exists()


@pytest.mark.parametrize("args", UNKNOWN_CAMPAIGN, ids=lambda a: " ".join(a[:2]))
def test_unknown_campaign_in_chinese_when_the_locale_is_chinese(runner, tmp_path, args):
    result = runner.invoke(args=_args(args, tmp_path), env=CHINESE)
    assert _one_error_line(result) == "错误：评估活动不存在。"


def test_lc_all_wins_over_lang(runner, tmp_path):
    args = _args(UNKNOWN_CAMPAIGN[1], tmp_path)
    english = runner.invoke(args=args, env={**CHINESE, "LC_ALL": "C.UTF-8"})
    assert _one_error_line(english) == "Error: No such campaign."
    chinese = runner.invoke(args=args, env={**ENGLISH, "LC_MESSAGES": "zh_CN.UTF-8"})
    assert _one_error_line(chinese) == "错误：评估活动不存在。"


def test_errors_of_other_commands_take_the_same_path(runner):
    """The handler is per CLI, not per command: users and params are handled the same way."""
    missing = runner.invoke(args=["users", "deactivate", "nobody@example.test"], env=CHINESE)
    assert _one_error_line(missing) == "错误：用户不存在。"
    args = ["users", "create", "--email", "s@example.test", "--name", "S", "--role", "hr"]
    short = runner.invoke(args=[*args, "--password", "short"], env=CHINESE)
    line = _one_error_line(short)
    assert line.startswith("错误：密码至少需要 ") and line.endswith(" 个字符。"), line
    assert runner.invoke(args=[*args, "--password", "long-enough-pw"]).exit_code == 0
    dup = runner.invoke(args=[*args, "--password", "long-enough-pw"], env=ENGLISH)
    assert _one_error_line(dup) == "Error: A user with this email already exists."


def test_campaign_id_out_of_the_database_range_is_a_usage_error(runner, tmp_path):
    for value in ("0", str(2**31), str(2**63), "-1"):
        args = ["exports", "answers", "--campaign", value, "--out", str(tmp_path / "a.csv")]
        result = runner.invoke(args=args, env=ENGLISH)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert "--campaign" in result.stderr


def test_every_project_command_is_guarded(app: Flask):
    """Each command of each project group runs inside the error handler."""

    def walk(command: click.Command) -> Iterator[click.Command]:
        yield command
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                yield from walk(sub)

    names = ("users", "scores", "demo", "forms", "org", "reviews", "exports")
    commands = [c for name in names for c in walk(app.cli.commands[name])]
    assert len(commands) > len(names)
    for command in commands:
        if command.callback is not None:
            assert getattr(command.callback, "_guarded", False), command.name


@given(
    lc_all=st.sampled_from(["", "C", "C.UTF-8", "POSIX", "en_US.UTF-8", "zh_CN.UTF-8", "zh_TW"]),
    lc_messages=st.sampled_from(["", "en_GB.UTF-8", "zh_CN.GB18030", "de_DE.UTF-8"]),
    lang=st.sampled_from(["", "zh_CN.UTF-8", "ZH_cn", "en_US.UTF-8", "fr_FR.UTF-8", "C"]),
)
def test_locale_is_the_first_set_variable(lc_all, lc_messages, lang):
    env = {"LC_ALL": lc_all, "LC_MESSAGES": lc_messages, "LANG": lang}
    first = next((v for v in (lc_all, lc_messages, lang) if v), "")
    expected = "zh-CN" if first.lower().startswith("zh") else "en"
    assert cli_errors.cli_locale(env) == expected


@given(st.sampled_from(messages.msgids("zh-CN")), st.sampled_from(["en", "zh-CN"]))
def test_any_project_message_is_printed_on_one_line(template, locale):
    params = {name: "x\ny" for name in messages.placeholders(template)}
    err = cli_errors.CliError(template, params)
    out = io.StringIO()
    env = {"LANG": "zh_CN.UTF-8" if locale == "zh-CN" else "en_US.UTF-8", "LC_ALL": ""}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        err.show(out)
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    assert text.startswith("错误：" if locale == "zh-CN" else "Error: ")
    assert err.exit_code == 2


def test_api_error_becomes_cli_error_and_rolls_back(app):
    @cli_errors.catch_errors
    def failing() -> None:
        raise ApiError(409, "conflict", "No such campaign.")

    with pytest.raises(cli_errors.CliError) as info:
        failing()
    assert info.value.exit_code == 2 and info.value.template == "No such campaign."


# ---- progress ---------------------------------------------------------------------------


class Clock:
    """A controlled monotonic clock: each call returns the next of the given times."""

    def __init__(self, *times: float) -> None:
        self.times = list(times)

    def __call__(self) -> float:
        return self.times.pop(0)


def test_progress_lines_every_few_seconds_and_at_the_end(monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    out = io.StringIO()
    # created at t=0; updates at 1, 2, 5 (line), 6, 9.9, 10 (line), 11, then 12 and the end
    clock = Clock(0, 1, 2, 5, 6, 9.9, 10, 11, 12)
    lines = cli_progress.ProgressLines(8, "Rendering reviews", out, every=5, clock=clock)
    for _ in range(7):
        lines.update(1)
    assert out.getvalue().splitlines() == [
        "Rendering reviews: 3 of 8 (37 %)",
        "Rendering reviews: 6 of 8 (75 %)",
    ]
    lines.update(1)
    lines.finish()
    assert out.getvalue().splitlines()[-1] == "Rendering reviews: 8 of 8 (100 %)"
    lines.finish()  # nothing new: no repeated line
    assert len(out.getvalue().splitlines()) == 3


def test_progress_line_in_chinese(monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    out = io.StringIO()
    with cli_progress.progress(3, "Rendering reviews", out, clock=Clock(0, 1, 2, 3)) as bar:
        for _ in range(3):
            bar.update(1)
    assert out.getvalue() == "正在生成评估报告：已完成 3/3（100%）\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_only_on_a_terminal(monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    plain = io.StringIO()
    with cli_progress.progress(2, "Rendering reviews", plain, clock=Clock(0, 1, 2)) as bar:
        assert isinstance(bar, cli_progress.ProgressLines)
    terminal = Terminal()
    with cli_progress.progress(2, "Rendering reviews", terminal) as bar:
        assert not isinstance(bar, cli_progress.ProgressLines)
        bar.update(2)
    assert "Rendering reviews" in terminal.getvalue() and "[" in terminal.getvalue()


def test_reviews_build_without_terminal_prints_progress_lines(app, runner, tmp_path, monkeypatch):
    data = build(app)
    # t=0 at the start, one review after 1 s (no line), the second after 7 s (a line)
    monkeypatch.setattr(cli_reviews, "clock", Clock(0, 1, 7))
    out = tmp_path / "pdfs"
    result = runner.invoke(
        args=["reviews", "build", "--campaign", str(data.campaign.id), "--out", str(out)],
        env=ENGLISH,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Rendering reviews: 2 of 2 (100 %)",
        f"2 of 2 reviews written to {out}",
    ]
