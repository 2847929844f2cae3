"""Project-wide marshmallow base schema: unknown fields are rejected (no mass assignment)."""

from marshmallow import RAISE
from marshmallow import Schema as _Schema


class Schema(_Schema):
    class Meta:
        unknown = RAISE
        ordered = True


BILINGUAL_KEYS = ("en", "zh-CN")
