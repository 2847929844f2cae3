"""All models, imported here so Alembic and the app see every table."""

from server.models.account_token import AccountToken
from server.models.api_token import ApiToken  # noqa: E402 - issue 17 (tokens)
from server.models.attachment import Attachment, AttachmentHolder
from server.models.campaign import Assignment, Campaign, CampaignForm, PeerNomination
from server.models.closed_loop import ActionEscalation, ActionFollowUp, CustomerContact
from server.models.cycle import CampaignTemplate, CyclePeriod, DailyCheckin
from server.models.engagement import (
    ActionItem,
    AuditEvent,
    CustomerDeviceResponse,
    CustomerLink,
    Job,
    ReviewPdf,
)
from server.models.export import RaterCode
from server.models.form import Form, FormVersion
from server.models.job_board import (
    JobApplication,
    JobBoardSettings,
    JobConflict,
    JobOffer,
    ShopperHome,
)
from server.models.mail import MailMessage
from server.models.notification import Notification
from server.models.ops import PeriodicRun, RateLimitCounter, WorkerHeartbeat
from server.models.org import Competency, OrgUnit
from server.models.pay import PayAdjustment, PaymentLine, PaymentRun, VisitExpense
from server.models.quiz import QuizAttempt
from server.models.review_response import DevelopmentPlan, ReviewAcknowledgement
from server.models.shopper_work import ShopperCertification, VisitTerms
from server.models.stars import LeagueEntry, ServiceStar, StarPeriod
from server.models.submission import ItemScore, Submission, SubmissionAttachment
from server.models.throttle import LoginAttempt
from server.models.user import User
from server.models.visit_timer import VisitTimerEvent
from server.models.webhook import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "AccountToken",
    "ActionEscalation",
    "ActionFollowUp",
    "ActionItem",
    "Assignment",
    "Attachment",
    "AttachmentHolder",
    "AuditEvent",
    "Campaign",
    "CampaignForm",
    "CampaignTemplate",
    "Competency",
    "CustomerContact",
    "CustomerDeviceResponse",
    "CustomerLink",
    "CyclePeriod",
    "DailyCheckin",
    "DevelopmentPlan",
    "Form",
    "FormVersion",
    "ItemScore",
    "Job",
    "LeagueEntry",
    "LoginAttempt",
    "MailMessage",
    "Notification",
    "OrgUnit",
    "PeerNomination",
    "PeriodicRun",
    "RateLimitCounter",
    "RaterCode",
    "ReviewAcknowledgement",
    "ReviewPdf",
    "ServiceStar",
    "ShopperCertification",
    "StarPeriod",
    "Submission",
    "SubmissionAttachment",
    "User",
    "VisitTerms",
    "VisitTimerEvent",
    "WorkerHeartbeat",
    "ApiToken",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "JobApplication",
    "JobBoardSettings",
    "JobConflict",
    "JobOffer",
    "ShopperHome",
    "PayAdjustment",
    "PaymentLine",
    "PaymentRun",
    "VisitExpense",
    "QuizAttempt",
]
