"""Shopper certification (issue 16 §2): a scenario's quiz, passed once, opens its jobs.

Public surface: `status` (whether a shopper holds a scenario's certification at a time).
"""

__all__ = ["status"]
