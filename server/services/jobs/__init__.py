"""The job board (issue 16 §1, §4): visits offered to shoppers, taken or applied for within
the campaign's rules, scheduled and cancelled before a cut-off; the shopper's rating.

Public surface: `rating` (a shopper's quality from HR's review decisions), `rules` (who may
take a job), `board` (the open jobs a shopper sees, nearest first, and their own),
`taking` (take, schedule, cancel), `applications` (apply, HR's decision), `publishing` (HR
publishes visits as jobs; the campaign's board settings), `conflicts` (the shopper × unit
conflict list, the shopper's home).
"""

__all__ = ["applications", "board", "conflicts", "publishing", "rating", "rules", "taking"]
