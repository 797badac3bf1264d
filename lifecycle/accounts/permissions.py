"""What each role may do: the one table mapping roles to permissions (issue 7 §3)."""

from __future__ import annotations

from enum import StrEnum

from lifecycle.vocab import DEFAULT_WORDING, Role, UnionLevel, UnionWording


class Permission(StrEnum):
    """One kind of action; routes and pages name the permission they need."""

    READ = "read"  # see records inside the caller's read scope
    AUDIT_READ = "audit.read"  # see who changed a record
    OWN_TOKENS = "tokens.own"  # manage one's own API tokens
    REGISTRY_WRITE = "registry.write"  # unions, persons' corrections and honours
    # Record a team inside one's own union's subtree: register its persons (leader, members), the
    # workshop and its members. The unit union recommends its team [Y7] and keeps its records
    # [Y10][S8], so its contact holds this too (scope: the unit's own subtree).
    TEAM_REGISTER = "team.register"
    # Naming decisions: register a title named earlier, review, name or reject an application;
    # the naming use case checks the pack's authority (which union level names) itself.
    REGISTRY_IMPORT = "registry.import"  # import/export the whole registry of one's scope (Excel)
    DESIGNATION_OPEN = "designation.open"
    DESIGNATION_DELIST = "designation.delist"  # 摘牌 of city titles
    INSPECTION_RECORD = "inspection.record"  # schedule, record outcomes, upload evidence
    NOTICE_MANAGE = "notice.manage"  # close rectification notices
    # The addressed sector/street/direct union's written 整改 report (which union: the use case
    # checks, notices/reports.py) [Y12].
    NOTICE_REPORT = "notice.report"
    REVOCATION_CONFIRM = "revocation.confirm"  # 撤牌 confirmation after a failed re-inspection
    ASSESSMENT_RECORD = "assessment.record"  # steps of the annual assessment (考核)
    FILING_SUBMIT = "filing.submit"  # yearly self-checks and filings
    LEDGER_WRITE = "ledger.write"  # projects, activities, achievements, member development
    EXPENDITURE_WRITE = "expenditure.write"  # record spending of a grant
    CHANGE_REQUEST_FILE = "change.file"  # file a change request for one's own workshop
    CHANGE_REQUEST_REVIEW = "change.review"  # district review step
    CHANGE_REQUEST_DECIDE = "change.decide"  # city decision step
    # Attach the stamped 附件3 and its proofs to a request: the union whose step it waits for, or
    # the one that filed it (which union, the use case checks: changes/attachments.py) [C 三（六）].
    CHANGE_REQUEST_ATTACH = "change.attach"
    FUNDING_MANAGE = "funding.manage"  # grants, findings, finance exports
    FINDING_RESOLVE = "finding.resolve"  # resolve an audit finding
    USERS_MANAGE = "users.manage"
    CONTACTS_MANAGE = "contacts.manage"
    CALENDAR_MANAGE = "calendar.manage"
    OUTBOX_MANAGE = "outbox.manage"
    LEADER_EVENT_RECORD = "leader.event"  # leader events and Yangpu continuation consent [Y13]
    # A direct leader change: Yangpu's district union [Y13], Leshan's naming city union [L 一];
    # which union, and that a 附件3 scheme has none, the use case checks by the title's pack.
    LEADER_CHANGE = "leader.change"
    INTAKE_CALL = "intake.call"  # open a call (征集/申报通知) as the naming union
    INTAKE_APPLY = "intake.apply"  # draft, edit and submit applications of one's own teams
    INTAKE_REVIEW = "intake.review"  # record one's union's opinion at a review stage
    INTAKE_RECOMMEND = "intake.recommend"  # rank and submit one's union's recommendation batch
    INTAKE_NAME = "intake.name"  # the naming decision (主席办公会议审定) of one's union's calls
    INTAKE_STATISTICS = "intake.statistics"  # statistics forms of recommendation batches
    CRAFTSMAN_APPLY = "craftsman.apply"  # file a 上海工匠 application (unit, association, self) [G]
    CRAFTSMAN_REVIEW = "craftsman.review"  # decide a stage owned by one's union level [G] 三
    CRAFTSMAN_MANAGE = "craftsman.manage"  # open the year's call, record findings [G] 五
    CRAFTSMAN_SURVEY_READ = "craftsman.survey"  # read the income survey (statistics only)
    # Register 社团 in the union tree; their accounts are then issued like any user's [G] 二（二）.
    ASSOCIATIONS_MANAGE = "associations.manage"
    # A 社团 registers and corrects its own members (persons under its own union node only).
    ASSOCIATION_MEMBERS = "association.members"


_EVERYONE = frozenset({Permission.READ, Permission.OWN_TOKENS})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _EVERYONE
    | {
        Permission.AUDIT_READ,
        Permission.USERS_MANAGE,
        Permission.CONTACTS_MANAGE,
        Permission.CALENDAR_MANAGE,
        Permission.OUTBOX_MANAGE,
        Permission.ASSOCIATIONS_MANAGE,
    },
    Role.CITY_OFFICER: _EVERYONE
    | {
        Permission.AUDIT_READ,
        Permission.REGISTRY_WRITE,
        Permission.TEAM_REGISTER,
        Permission.REGISTRY_IMPORT,
        Permission.DESIGNATION_OPEN,
        Permission.DESIGNATION_DELIST,
        Permission.ASSESSMENT_RECORD,
        Permission.CHANGE_REQUEST_DECIDE,
        Permission.CHANGE_REQUEST_ATTACH,
        Permission.LEADER_CHANGE,
        Permission.INTAKE_CALL,
        Permission.INTAKE_REVIEW,
        Permission.INTAKE_NAME,
        Permission.INTAKE_STATISTICS,
        Permission.CRAFTSMAN_APPLY,
        Permission.CRAFTSMAN_REVIEW,
        Permission.CRAFTSMAN_MANAGE,
        Permission.CRAFTSMAN_SURVEY_READ,
    },
    Role.DISTRICT_OFFICER: _EVERYONE
    | {
        Permission.AUDIT_READ,
        Permission.REGISTRY_WRITE,
        Permission.TEAM_REGISTER,
        Permission.REGISTRY_IMPORT,
        Permission.DESIGNATION_OPEN,
        Permission.INSPECTION_RECORD,
        Permission.NOTICE_MANAGE,
        Permission.NOTICE_REPORT,
        Permission.REVOCATION_CONFIRM,
        Permission.ASSESSMENT_RECORD,
        Permission.FILING_SUBMIT,
        Permission.LEDGER_WRITE,
        Permission.CHANGE_REQUEST_REVIEW,
        Permission.CHANGE_REQUEST_ATTACH,
        Permission.LEADER_EVENT_RECORD,
        Permission.LEADER_CHANGE,
        Permission.INTAKE_CALL,
        Permission.INTAKE_APPLY,
        Permission.INTAKE_REVIEW,
        Permission.INTAKE_RECOMMEND,
        Permission.INTAKE_NAME,
        Permission.INTAKE_STATISTICS,
        Permission.CRAFTSMAN_APPLY,
        Permission.CRAFTSMAN_REVIEW,
    },
    # Finance sees and audits money; it changes no lifecycle state.
    Role.FINANCE: _EVERYONE
    | {Permission.FUNDING_MANAGE, Permission.FINDING_RESOLVE, Permission.AUDIT_READ},
    Role.UNIT_CONTACT: _EVERYONE
    | {
        # Its own new team: leader, members and workshop, in its own union's subtree [Y7].
        Permission.TEAM_REGISTER,
        Permission.FILING_SUBMIT,
        Permission.LEDGER_WRITE,
        Permission.EXPENDITURE_WRITE,
        Permission.CHANGE_REQUEST_FILE,
        Permission.CHANGE_REQUEST_ATTACH,
        Permission.LEADER_EVENT_RECORD,
        # The unit step of the 考核, for its own workshops only (checked by the use case) [S9].
        Permission.ASSESSMENT_RECORD,
        Permission.INTAKE_APPLY,
        Permission.INTAKE_REVIEW,
        Permission.CRAFTSMAN_APPLY,
    },
    # A 社团 account keeps its own member register and files 社团推荐 for those members
    # [G] 二（二）, and reviews and recommends the 工匠创新工作室 applications of the units that
    # apply through it (its batch, its 不予推荐, the batch's 附件2) [C 二（二）][C 三（四）].
    Role.ASSOCIATION_CONTACT: _EVERYONE
    | {
        Permission.CRAFTSMAN_APPLY,
        Permission.ASSOCIATION_MEMBERS,
        Permission.INTAKE_REVIEW,
        Permission.INTAKE_RECOMMEND,
        Permission.INTAKE_STATISTICS,
    },
}


def role_can(role: Role, permission: Permission) -> bool:
    """Whether `role` holds `permission`."""
    return permission in ROLE_PERMISSIONS[role]


# The levels of union a user of each role may belong to (DOMAIN §1: each user acts, and reads,
# only inside its own union's subtree, so the role must be one of that union's own people).
ROLE_LEVELS: dict[Role, frozenset[UnionLevel]] = {
    # Runs the service for the city, or for one district (its users, contacts, outbox).
    Role.ADMIN: frozenset({UnionLevel.CITY, UnionLevel.DISTRICT}),
    # 市总工会: names city titles, decides 摘牌, reads all districts of its own city.
    Role.CITY_OFFICER: frozenset({UnionLevel.CITY}),
    # 区局（产业）工会, and the 行业、街镇、直属工会 below it that does the 初审 [Y7][Y12].
    Role.DISTRICT_OFFICER: frozenset({UnionLevel.DISTRICT, UnionLevel.SECTOR}),
    # The unions that pay grants: the city's [S10] and the district's [Y14][S10].
    Role.FINANCE: frozenset({UnionLevel.CITY, UnionLevel.DISTRICT}),
    Role.UNIT_CONTACT: frozenset({UnionLevel.UNIT}),
    # A 社团 acts only through its own contact accounts [G] 二（二）.
    Role.ASSOCIATION_CONTACT: frozenset({UnionLevel.ASSOCIATION}),
}


def role_level_refusal(
    role: Role, level: UnionLevel, wording: UnionWording = DEFAULT_WORDING
) -> str | None:
    """Why a user of ``role`` may not belong to a union of ``level`` (None when they may), in
    the words of the union's city (``wording``: 乐山's 县（市、区）总工会 [L 一])."""
    allowed = ROLE_LEVELS[role]
    if level in allowed:
        return None
    if level == UnionLevel.ASSOCIATION:
        contact = wording.role(Role.ASSOCIATION_CONTACT)
        return f"社团的账户应为“{contact}”，所选角色是“{wording.role(role)}”"
    where = "或".join(wording.level(lv) for lv in UnionLevel if lv in allowed)
    return (
        f"“{wording.role(role)}”只能属于{where}，"
        f"所选工会是{wording.level(level)}，请改选所属工会或角色"
    )
