"""Campaigns (SPEC §2, §3, §7): creation and lifecycle, 360 assignments, peer
nominations, customer links and completion progress.

Public surface: `campaigns`, `assignments`, `nominations`, `customer_links`, `progress`.
"""

__all__ = ["assignments", "campaigns", "customer_links", "nominations", "progress"]
