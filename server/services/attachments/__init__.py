"""Photos (SPEC §3, §9): uploads verified, inspected, stripped and stored by content
hash; device capture headers; the blob store behind them.

Public surface: `attachments`, `capture_headers`, `storage`. `image_checks` is the
polyglot detector behind `attachments`.
"""

__all__ = ["attachments", "capture_headers", "storage"]
