"""Campaigns (SPEC §2, §3, §7): creation and lifecycle, 360 assignments, peer
nominations, customer links and completion progress.

Public surface: `campaigns`, `assignments`, `nominations`, `customer_links`, `progress`.
`campaigns` uses `campaign_forms` (which form per relationship); `assignments` generates
raters and offers the HR edits of `assignment_edits`.
"""

__all__ = ["assignments", "campaigns", "customer_links", "nominations", "progress"]
