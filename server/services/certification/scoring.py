"""Score a quiz attempt on the server: score = correct / total, pass iff score >= pass mark.

An answer is right when it equals the question's `correct`: the same boolean (yes_no), the
same option value (choice), exactly the same set of option values (multi_choice). An
unanswered question is wrong. The pass comparison is done in integers
(correct * 100 >= pass_mark * total), so no rounding decides a boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int
    #: correct / total as a percentage (for display and the certification row).
    score: float
    pass_mark: int
    passed: bool
    #: The ids of the questions answered wrongly (or not at all), in the form's order.
    wrong: list[str]


def is_right(question: dict[str, Any], answer: Any) -> bool:
    """True when `answer` is the correct answer of a quiz question."""
    correct = question["correct"]
    if question["type"] == "multi_choice":
        if not isinstance(answer, list) or not all(isinstance(v, str) for v in answer):
            return False
        return sorted(set(answer)) == sorted(correct) and len(answer) == len(correct)
    if question["type"] == "yes_no":
        return isinstance(answer, bool) and answer is correct
    return isinstance(answer, str) and answer == correct


def passes(correct: int, total: int, pass_mark: int) -> bool:
    """True when correct / total reaches pass_mark percent (exact, in integers)."""
    return total > 0 and correct * 100 >= pass_mark * total


def score_attempt(definition: dict[str, Any], answers: dict[str, Any]) -> QuizResult:
    """Score answers against a normalised quiz definition (it carries the correct answers)."""
    questions = [q for s in definition["sections"] for q in s["questions"]]
    wrong = [q["id"] for q in questions if not is_right(q, answers.get(q["id"]))]
    total = len(questions)
    correct = total - len(wrong)
    pass_mark = definition["quiz"]["pass_mark"]
    return QuizResult(
        correct=correct,
        total=total,
        score=round(correct * 100 / total, 2),
        pass_mark=pass_mark,
        passed=passes(correct, total, pass_mark),
        wrong=wrong,
    )
