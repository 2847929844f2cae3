"""Every column that refers to a person (a foreign key to `user.id`), and what privacy does
with it. tests/test_privacy_registry.py fails when a model gains a user foreign key that is
not listed here, so a new table is never forgotten by erasure or by the export.

Erasure keeps the account row (its id, role, unit, manager) under a pseudonym, so a row that
only points at the person by id needs nothing more: it now points at "Erased person …".
The values of `ERASURE` say what erasure does to the rows that point at the person:

- "keep": kept as it is (a reference by id, an aggregate input, a record of what someone
  else did); the name behind the id is the pseudonym;
- "delete": the rows are deleted (data about the person that nothing else needs);
- "revoke": kept, but made unusable (tokens);
- "photos": the photos are deleted (see `erasure.remove_photos`), what referred to them
  stays without the photo.

`EXPORTED` lists the columns by which the export ("everything stored about them") finds rows
of the person; the others are either the person's reviews (exported as reviews), records of
what they did for others as an admin or HR (audit), or computed figures.
"""

from __future__ import annotations

ERASURE: dict[str, str] = {
    "user.manager_id": "keep",
    # reviews and campaigns: aggregates stay exactly as they were
    "submission.rater_id": "keep",
    "submission.subject_id": "keep",
    "submission.reported_staff_id": "keep",
    "submission.reviewer_id": "keep",
    "item_score.subject_id": "keep",
    "assignment.rater_id": "keep",
    "assignment.subject_id": "keep",
    "daily_checkin.rater_id": "keep",
    "peer_nomination.subject_id": "keep",
    "peer_nomination.nominee_id": "keep",
    "peer_nomination.decided_by_id": "keep",
    "customer_link.subject_id": "keep",
    "campaign.created_by_id": "keep",
    "campaign_template.created_by_id": "keep",
    "review_acknowledgement.employee_id": "keep",
    "development_plan.employee_id": "keep",
    "development_plan.updated_by_id": "keep",
    "action_item.subject_id": "keep",
    "action_item.owner_id": "keep",
    "action_followup.created_by_id": "keep",
    "service_star.user_id": "keep",
    # generated files of their campaigns are deleted (see erasure._generated)
    "review_pdf.employee_id": "keep",
    "job.created_by_id": "keep",
    "audit_event.actor_id": "keep",
    "notification.user_id": "keep",
    "account_token.user_id": "delete",
    "attachment.uploaded_by_id": "photos",
    "attachment_holder.user_id": "photos",
    # shopper jobs: applications and pay stay (paid runs must stay correct); the home
    # position and the declared conflicts (who they know where) go
    "job_offer.published_by_id": "keep",
    "job_application.shopper_id": "keep",
    "job_application.decided_by_id": "keep",
    "job_conflict.shopper_id": "delete",
    "job_conflict.created_by_id": "keep",
    "shopper_home.user_id": "delete",
    # pay: amounts stay; receipt photos are photos they uploaded (deleted with the photos)
    "visit_expense.created_by_id": "keep",
    "pay_adjustment.by_id": "keep",
    "payment_run.created_by_id": "keep",
    "payment_run.paid_by_id": "keep",
    "payment_line.shopper_id": "keep",
    # certification: the scores count for job eligibility of an inactive account only
    "quiz_attempt.user_id": "keep",
    "shopper_certification.user_id": "keep",
    # API access: every token they created stops working; webhooks are the company's
    "api_token.created_by_id": "revoke",
    "api_token.revoked_by_id": "keep",
    "webhook_endpoint.created_by": "keep",
}

#: Columns by which the export finds the person's own rows (see collect.person_data).
EXPORTED = frozenset(
    {
        "submission.rater_id",
        "submission.subject_id",
        "review_acknowledgement.employee_id",
        "development_plan.employee_id",
        "action_item.owner_id",
        "notification.user_id",
        "job_application.shopper_id",
        "job_conflict.shopper_id",
        "shopper_home.user_id",
        "visit_expense.created_by_id",
        "payment_line.shopper_id",
        "quiz_attempt.user_id",
        "shopper_certification.user_id",
        "api_token.created_by_id",
    }
)
