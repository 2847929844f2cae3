"""Schemas of shopper pay (issue 16 §3): expenses, terms, adjustments, a visit's pay and
payment runs. Money is an integer of minor units (strict: 12.5 or "1250" are refused) with
its ISO currency."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from server.schemas.base import BilingualText, Day, Schema, StrictBoolean
from server.schemas.campaigns import PersonSchema
from server.services.pay.money import CURRENCIES, MAX_AMOUNT
from server.services.pay.payable import STATES as PAY_STATES

SHA256 = validate.Regexp(r"^[0-9a-f]{64}$")


def _amount(minimum: int = 1, **kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(minimum, MAX_AMOUNT), **kwargs)


class ExpenseCreateSchema(Schema):
    id = fields.UUID(required=True)
    amount_minor = _amount(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(sorted(CURRENCIES)))
    note = fields.String(load_default="", validate=validate.Length(max=500))
    receipt_sha256 = fields.String(required=True, validate=SHA256)

    @post_load
    def _id_text(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {**data, "id": str(data["id"])}


class ExpenseUpdateSchema(Schema):
    amount_minor = _amount()
    note = fields.String(validate=validate.Length(max=500))
    receipt_sha256 = fields.String(validate=SHA256)

    @validates_schema
    def _something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError("Change the amount, the note or the receipt.", "_schema")


class ReceiptChecksSchema(Schema):
    in_window = fields.Boolean(allow_none=True)
    reused_on = fields.List(fields.Integer())


class ExpenseSchema(Schema):
    id = fields.String()
    visit_id = fields.Integer()
    amount_minor = fields.Integer()
    currency = fields.String()
    note = fields.String()
    receipt_sha256 = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    receipt_checks = fields.Nested(ReceiptChecksSchema)


class ExpenseOutSchema(Schema):
    expense = fields.Nested(ExpenseSchema)


class TermsSchema(Schema):
    fee_minor = _amount(0, required=True)
    expense_cap_minor = _amount(0, required=True)
    currency = fields.String(required=True, validate=validate.OneOf(sorted(CURRENCIES)))
    reimburse_on_reject = StrictBoolean(required=True)


class AdjustmentSchema(Schema):
    amount_minor = fields.Integer(
        strict=True, required=True, validate=validate.Range(-MAX_AMOUNT, MAX_AMOUNT)
    )
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class PaidSchema(Schema):
    at = fields.DateTime(allow_none=True)
    reference = fields.String(allow_none=True)
    run_id = fields.Integer()


class PayUnitSchema(Schema):
    id = fields.Integer()
    name = BilingualText()


class VisitPaySchema(Schema):
    visit_id = fields.Integer()
    campaign_id = fields.Integer()
    unit = fields.Nested(PayUnitSchema, allow_none=True)
    window_start = fields.DateTime(allow_none=True)
    window_end = fields.DateTime(allow_none=True)
    state = fields.String(
        metadata={"description": "pending|payable|nothing_to_pay|not_paid|in_run|paid"}
    )
    terms = fields.Boolean()
    basis = fields.String(metadata={"description": "fee_and_receipts|receipts_only|none"})
    currency = fields.String()
    fee_minor = fields.Integer()
    terms_fee_minor = fields.Integer()
    receipts_minor = fields.Integer()
    cap_minor = fields.Integer()
    expense_cap_minor = fields.Integer()
    reimbursed_minor = fields.Integer()
    adjustment_minor = fields.Integer()
    adjustment_reason = fields.String(allow_none=True)
    total_minor = fields.Integer()
    clamped = fields.Boolean()
    reimburse_on_reject = fields.Boolean()
    not_paid_reason = fields.String(allow_none=True)
    payable_at = fields.DateTime(allow_none=True)
    paid = fields.Nested(PaidSchema, allow_none=True)
    run_id = fields.Integer(allow_none=True)


class PayShopperSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class HrVisitPaySchema(VisitPaySchema):
    shopper = fields.Nested(PayShopperSchema, allow_none=True)


class HrVisitPayListSchema(Schema):
    visits = fields.List(fields.Nested(HrVisitPaySchema))
    truncated = fields.Boolean()


class HrVisitPayQuerySchema(Schema):
    state = fields.String(validate=validate.OneOf(PAY_STATES))
    campaign_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))


class VisitPayDetailSchema(Schema):
    pay = fields.Nested(VisitPaySchema)
    expenses = fields.List(fields.Nested(ExpenseSchema))
    editable = fields.Boolean()


class AmountSchema(Schema):
    currency = fields.String()
    amount_minor = fields.Integer()


class MyPaySchema(Schema):
    visits = fields.List(fields.Nested(VisitPaySchema))
    payable = fields.List(fields.Nested(AmountSchema))
    paid = fields.List(fields.Nested(AmountSchema))


class RunCreateSchema(Schema):
    period_start = Day(required=True)
    period_end = Day(required=True)


class RunPaidSchema(Schema):
    reference = fields.String(required=True, validate=validate.Length(min=1, max=120))


class RunLineSchema(Schema):
    visit_id = fields.Integer()
    basis = fields.String()
    currency = fields.String()
    fee_minor = fields.Integer()
    receipts_minor = fields.Integer()
    reimbursed_minor = fields.Integer()
    adjustment_minor = fields.Integer()
    total_minor = fields.Integer()


class RunShopperSchema(Schema):
    shopper = fields.Nested(PersonSchema, allow_none=True)
    totals = fields.List(fields.Nested(AmountSchema))
    lines = fields.List(fields.Nested(RunLineSchema))


class RunSummarySchema(Schema):
    id = fields.Integer()
    period_start = fields.Date()
    period_end = fields.Date()
    status = fields.String(metadata={"description": "open|paid"})
    reference = fields.String(allow_none=True)
    created_at = fields.DateTime()
    paid_at = fields.DateTime(allow_none=True)
    visits = fields.Integer()
    totals = fields.List(fields.Nested(AmountSchema))


class RunDetailSchema(RunSummarySchema):
    shoppers = fields.List(fields.Nested(RunShopperSchema))


class RunOutSchema(Schema):
    run = fields.Nested(RunDetailSchema)


class RunListSchema(Schema):
    runs = fields.List(fields.Nested(RunSummarySchema))
