"""Every mapped class, imported in one place so the metadata (and Alembic) sees the whole schema."""

from __future__ import annotations

from lifecycle.accounts.model import ApiToken, CalendarFeed, User, WebSession
from lifecycle.adoption.model import UnionCutover
from lifecycle.assessments.model import AnnualAssessment
from lifecycle.audit.model import AuditEntry
from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.changes.model import ChangeRequest, ChangeRequestAttachment, ChangeRequestStep
from lifecycle.craftsman_title.model import (
    CraftsmanApplication,
    CraftsmanSelection,
    FalseDeclaration,
    LocalSelection,
    StageRecord,
)
from lifecycle.db.base import Base
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.files.model import StoredFile
from lifecycle.filings.model import YearlyFiling
from lifecycle.funding.model import (
    AuditFinding,
    Expenditure,
    ExpenditureChange,
    FindingResolution,
    FundingRefund,
    FundingRefundChange,
    Grant,
)
from lifecycle.inspections.model import CriterionOutcome, Evidence, Inspection
from lifecycle.intake.model import (
    Application,
    ApplicationStep,
    Attachment,
    Batch,
    IntakeCall,
    NamingDecision,
)
from lifecycle.leaders.model import ContinuationConsent, LeaderChange, LeaderEvent
from lifecycle.ledgers.model import Achievement, Activity, MemberDevelopment, Project
from lifecycle.notices.model import NoticeCounter, RectificationNotice
from lifecycle.occasions.index_model import OccasionEntry, OccasionIndexState
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.reminders.model import JobRun, OutboxMessage, ReminderItem, SchedulerLease
from lifecycle.submissions.model import FormSubmission
from lifecycle.unions.model import Union, UnionContact
from lifecycle.workshops.model import Workshop, WorkshopMember

__all__ = [
    "Achievement",
    "Activity",
    "AnnualAssessment",
    "ApiToken",
    "Application",
    "ApplicationStep",
    "Attachment",
    "AuditEntry",
    "AuditFinding",
    "Base",
    "Batch",
    "CalendarFeed",
    "CalendarOverrideDay",
    "ChangeRequest",
    "ChangeRequestAttachment",
    "ChangeRequestStep",
    "ContinuationConsent",
    "CraftsmanApplication",
    "CraftsmanSelection",
    "CriterionOutcome",
    "Designation",
    "Evidence",
    "Expenditure",
    "ExpenditureChange",
    "FalseDeclaration",
    "FindingResolution",
    "FormSubmission",
    "FundingRefund",
    "FundingRefundChange",
    "Grant",
    "Inspection",
    "IntakeCall",
    "JobRun",
    "LeaderChange",
    "LeaderEvent",
    "LocalSelection",
    "MemberDevelopment",
    "NamingDecision",
    "NoticeCounter",
    "OccasionEntry",
    "OccasionIndexState",
    "OutboxMessage",
    "Person",
    "PersonHonour",
    "Project",
    "RectificationNotice",
    "ReminderItem",
    "SchedulerLease",
    "StageRecord",
    "StatusChange",
    "StoredFile",
    "Union",
    "UnionContact",
    "UnionCutover",
    "User",
    "WebSession",
    "Workshop",
    "WorkshopMember",
    "YearlyFiling",
]
