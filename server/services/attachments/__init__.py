"""Photos (SPEC §3, §9): uploads verified, inspected, stripped and stored by content
hash; device capture headers. The blob store behind them is infrastructure:
server.storage.

Public surface: `attachments`, `capture_headers`. `image_checks` (the polyglot
detector) and `exif` (capture time and position) are behind `attachments`.
"""

__all__ = ["attachments", "capture_headers"]
