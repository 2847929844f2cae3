"""Field sync (SPEC §7, §8): what the field app downloads and the write path that stores
submissions exactly once, for field batches and customer responses alike.

Public surface: `field` (downloads), `batch` (one sync request from items to stored rows:
`store_batch`, the transaction sequence), `sync` (deciding and writing a batch:
`sync_batch`, `replay`), `sync_plan` (the rows of an accepted item and the batch
write), `sync_prepare` (the lock-free half of a batch), `sync_store`
(storing one submission), `sync_results` (per-item results), `customer_responses`
(public link answers). `sync_context` is the batch's read-ahead, used by `sync` and
`sync_prepare`.
"""

__all__ = [
    "batch",
    "customer_responses",
    "field",
    "sync",
    "sync_plan",
    "sync_prepare",
    "sync_results",
    "sync_store",
]
