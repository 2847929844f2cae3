"""Shopper certification (issue 16 §2): a scenario's quiz, passed once, opens its jobs.

Public surface: `status` (whether a shopper holds a scenario's certification at a time;
`record_pass`), `quiz_forms` (the quiz forms and the quiz as served, without its answers),
`scoring` (an attempt's score and pass), `attempts` (taking a quiz: the retry delay, the
record), `overview` (the shopper's quizzes and passes, HR's holders).
"""

__all__ = ["attempts", "overview", "quiz_forms", "scoring", "status"]
