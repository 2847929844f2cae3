"""Issue 16 §2: the server scores a quiz attempt: score = correct / questions (a percentage),
passed exactly when the score reaches the pass mark, with the boundaries decided exactly."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from server.services.certification.scoring import is_right, passes, score_attempt

T = {"en": "Text", "zh-CN": "文本"}
OPTIONS = [{"value": v, "label": T, "score": None} for v in ("a", "b", "c", "d")]


def _question(n: int) -> dict[str, Any]:
    kind = ("yes_no", "choice", "multi_choice")[n % 3]
    correct = {"yes_no": n % 2 == 0, "choice": "b", "multi_choice": ["a", "c"]}[kind]
    extra = {"options": OPTIONS} if kind != "yes_no" else {}
    return {"id": f"q{n}", "type": kind, "correct": correct, **extra}


def _wrong(question: dict[str, Any]) -> Any:
    return {"yes_no": not question["correct"], "choice": "d", "multi_choice": ["a"]}[
        question["type"]
    ]


def definition(total: int, pass_mark: int) -> dict[str, Any]:
    questions = [_question(n) for n in range(total)]
    return {"sections": [{"questions": questions}], "quiz": {"pass_mark": pass_mark}}


@given(
    rights=st.lists(st.booleans(), min_size=1, max_size=30),
    pass_mark=st.integers(1, 100),
)
def test_score_is_correct_over_total_and_passes_iff_it_reaches_the_mark(rights, pass_mark):
    quiz = definition(len(rights), pass_mark)
    questions = quiz["sections"][0]["questions"]
    answers = {
        q["id"]: (q["correct"] if right else _wrong(q))
        for q, right in zip(questions, rights, strict=True)
    }
    result = score_attempt(quiz, answers)
    correct = sum(rights)
    assert (result.correct, result.total) == (correct, len(rights))
    assert result.score == round(correct * 100 / len(rights), 2)
    assert result.passed is (Fraction(correct, len(rights)) >= Fraction(pass_mark, 100))
    assert result.wrong == [
        q["id"] for q, right in zip(questions, rights, strict=True) if not right
    ]
    assert result.pass_mark == pass_mark


def test_the_boundaries_are_exact():
    assert passes(4, 5, 80) and not passes(3, 5, 80)  # exactly at the mark passes
    assert passes(5, 5, 100) and not passes(4, 5, 100)
    assert passes(2, 3, 66) and not passes(2, 3, 67)  # 66.67 %: no rounding up
    assert passes(1, 3, 33) and not passes(1, 3, 34)
    assert not passes(0, 0, 1)


@given(total=st.integers(1, 60), pass_mark=st.integers(1, 100))
def test_the_least_passing_count_is_the_ceiling_of_the_mark(total, pass_mark):
    needed = -(-pass_mark * total // 100)
    assert passes(needed, total, pass_mark)
    assert needed == 0 or not passes(needed - 1, total, pass_mark)


def test_an_unanswered_question_is_wrong():
    result = score_attempt(definition(3, 50), {})
    assert (result.correct, result.passed, result.wrong) == (0, False, ["q0", "q1", "q2"])


def test_a_multi_choice_answer_is_right_only_with_exactly_the_correct_set():
    q = _question(2)
    assert is_right(q, ["c", "a"])
    for answer in (["a"], ["a", "c", "d"], ["a", "c", "c"], "a", None, [1, 2]):
        assert not is_right(q, answer), answer


def test_a_yes_no_answer_must_be_a_boolean():
    q = _question(0)  # correct: True
    assert is_right(q, True)
    assert not is_right(q, 1) and not is_right(q, "true")
