"""Business rules, one package per domain (issue 12). Views, CLI commands and the demo
call these; services never import views.

- forms: form definitions, defaults, skip logic, answer validation.
- org: accounts, passwords, login lockout, user admin, org chart import.
- campaigns: campaigns and their lifecycle, 360 assignments, nominations, customer
  links, completion progress.
- sync: field downloads and the offline sync write path (field and customer answers).
- attachments: photo uploads, capture headers, image checks (the blob store they use
  is server.storage).
- visits: mystery-shop visits and the HR review queue.
- scoring: per-submission scores, which submissions count, aggregation, anonymity,
  derived figures.
- reviews: the review data, its sections, who may read it, PDFs and batch rendering.
- actions: the closed loop's action items.
- exports: raw data exports for HR.
"""
