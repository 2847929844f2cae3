"""Shopper pay (issue 16 §3): what a visit pays, its expenses and receipts, HR's terms and
adjustments, payment runs and their exports, and the shopper's notices.

Public surface: `money` (the arithmetic, pure), `expenses` (the shopper's receipts),
`terms` (HR's terms and adjustment), `payable` (a visit's pay state and breakdown),
`runs` (payment runs, exactly once per visit), `run_files` (CSV/XLSX for finance),
`notices` (payable and paid notifications).
"""

__all__ = ["expenses", "money", "notices", "payable", "run_files", "runs", "terms"]
