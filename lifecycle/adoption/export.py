"""The registry of the caller's scope written into the import template, so it round-trips."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from lifecycle.adoption.export_history import history_rows
from lifecycle.adoption.guide import workbook_sheets
from lifecycle.adoption.plan import UnionPaths, path_text
from lifecycle.adoption.sheets import (
    ASSESSMENT_STEP_LABELS,
    ASSESSMENTS,
    CONTACT_ROLE_LABELS,
    CONTACTS,
    DESIGNATIONS,
    GRANTS,
    HONOURS,
    IMPORTED_GRANT_LABELS,
    IMPORTED_STATUS_LABELS,
    MEMBERS,
    PERSONS,
    UNIONS,
    VERDICT_LABELS,
    WORKSHOPS,
)
from lifecycle.adoption.sheets_history import workbook_status
from lifecycle.adoption.template import registry_workbook
from lifecycle.assessments.model import AnnualAssessment
from lifecycle.designations.model import Designation
from lifecycle.errors import UnseenReference
from lifecycle.funding.vocab import grant_kind_label
from lifecycle.money import format_fen
from lifecycle.schemes import get_scheme
from lifecycle.schemes.words import designation_status_label
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.home_tree import scope_tree
from lifecycle.vocab import (
    DEFAULT_WORDING,
    EMPLOYMENT_STATUS_LABELS,
    GENDER_LABELS,
    HONOUR_LABELS,
    RETIREMENT_GROUP_LABELS,
    SKILL_LEVEL_LABELS,
    UNIT_NATURE_LABELS,
    DesignationStatus,
    UnionWording,
)

Row = Sequence[object]


def export_registry(
    uow: UnitOfWork, *, scope: Scope, as_of: date, full_id_cards: bool = False
) -> bytes:
    """The template filled with every record of ``scope``: unions to grants.

    ID numbers are masked, each person named by their 人员编号 beside it (re-imported, the two
    mean "this person, number unchanged"); ``full_id_cards`` only for moving a registry into
    another database (the operator's command line), where those numbers mean nothing [DOMAIN §1].
    Only titles held (整改中 included, with its open notice), exited or revoked are written (what
    an import can bring in); applications and titles under review stay in the service.
    The workbook speaks the words of the tree ``scope`` lies in (乐山's 层级 and notes [L]).
    """
    return _workbook(uow, scope, as_of, full_id_cards=full_id_cards)


def export_titles(
    uow: UnitOfWork, designation_ids: Collection[int], *, scope: Scope, as_of: date
) -> bytes:
    """The selected titles of ``scope`` with what they rest on (unions, workshops, people)."""
    found = [uow.designations.get(i, scope) for i in dict.fromkeys(designation_ids)]
    missing = [i for i, d in zip(dict.fromkeys(designation_ids), found, strict=True) if d is None]
    if missing:
        raise UnseenReference(
            f"命名记录不存在或不在管辖范围内：{missing[0]}", field="designation_ids"
        )
    selected = {d.id for d in found if d is not None}
    return _workbook(uow, scope, as_of, only=selected)


def _workbook(
    uow: UnitOfWork,
    scope: Scope,
    as_of: date,
    *,
    only: set[int] | None = None,
    full_id_cards: bool = False,
) -> bytes:
    """The rows of ``scope`` (``only`` these titles) in the workbook of the tree it lies in."""
    tree = scope_tree(uow, scope)
    rows = registry_rows(
        uow, scope=scope, only=only, full_id_cards=full_id_cards, wording=tree.wording
    )
    return registry_workbook(rows, as_of=as_of, sheets=workbook_sheets(tree))


def registry_rows(
    uow: UnitOfWork,
    *,
    scope: Scope,
    only: set[int] | None = None,
    full_id_cards: bool = False,
    wording: UnionWording = DEFAULT_WORDING,
) -> dict[str, list[Row]]:
    """The rows of each sheet, in the template's column order (``only`` these titles); ID
    numbers masked with the 人员编号 beside them, or in full without (``full_id_cards``); the
    unions' levels in ``wording`` (乐山's 县（市、区）总工会 [L 一])."""
    unions = uow.registry.unions()
    paths = {u.id: path_text(p) for p, u in UnionPaths(unions, scope).by_path.items()}
    workshops = uow.registry.workshops_in(scope)
    if only is not None:
        chosen = {
            d.workshop_id
            for d in uow.registry.designations_of([w.id for w in workshops])
            if d.id in only
        }
        workshops = [w for w in workshops if w.id in chosen]
        union_by_id = {u.id: u for u in unions}
        needed = {union_by_id[w.unit_union_id].path for w in workshops}
        unions = [u for u in unions if any(p.startswith(u.path) for p in needed)]
    inside = [u for u in unions if scope.covers_path(u.path)]
    cutovers = uow.cutovers.all()
    rows: dict[str, list[Row]] = {s.name: [] for s in (UNIONS, CONTACTS)}
    for u in inside:
        level = wording.level(u.level)
        rows[UNIONS.name].append(
            (paths[u.id], level, u.doc_prefix, u.region_code, cutovers.get(u.id))
        )
        for c in u.contacts:
            role = CONTACT_ROLE_LABELS[c.role]
            rows[CONTACTS.name].append((paths[u.id], c.name, c.email, role))
    person_ids = set(uow.registry.persons_in(scope)) if only is None else set()
    for w in workshops:
        person_ids.add(w.leader_person_id)
        person_ids.update(m.person_id for m in w.members)
    persons = uow.registry.persons_by_id(person_ids)
    id_cards = {
        p.id: (p.id_card_number if full_id_cards else p.masked_id_card) or "" for p in persons
    }
    # In full, a person is named by their number; one without is named by the 人员编号 (in
    # another database, a key within the file: the 「人员」 row registers them).
    numbers = {p.id: None if full_id_cards and p.id_card_number else p.id for p in persons}
    rows[PERSONS.name] = [
        (
            id_cards[p.id],
            p.name,
            GENDER_LABELS[p.gender],
            p.birth_date,
            RETIREMENT_GROUP_LABELS[p.retirement_group],
            paths.get(p.union_id) if p.union_id else None,
            "是" if p.is_union_member else "否",
            p.employer,
            EMPLOYMENT_STATUS_LABELS[p.employment_status],
            SKILL_LEVEL_LABELS[p.skill_level],
            p.professional_title,
            p.education,
            numbers[p.id],
        )
        for p in persons
    ]
    rows[HONOURS.name] = [
        (id_cards[p.id], HONOUR_LABELS[h.honour], h.year, numbers[p.id], h.reference)
        for p in persons
        for h in p.honours
    ]
    rows[WORKSHOPS.name] = [
        (
            paths[w.unit_union_id],
            w.name,
            w.host_unit_name,
            UNIT_NATURE_LABELS[w.host_unit_nature],
            w.founded_on,
            id_cards[w.leader_person_id],
            w.address,
            w.venue_area_sqm,
            w.specialty,
            w.innovation_direction,
            numbers[w.leader_person_id],
        )
        for w in workshops
    ]
    rows[MEMBERS.name] = [
        (
            paths[w.unit_union_id],
            w.name,
            id_cards[m.person_id],
            m.joined_on,
            m.left_on,
            m.role,
            m.trade,
            m.years_of_work,
            numbers[m.person_id],
        )
        for w in workshops
        for m in w.members
    ]
    shops = {w.id: w for w in workshops}
    titles = [
        d
        for d in uow.registry.designations_of(shops)
        if workbook_status(d.status) in IMPORTED_STATUS_LABELS
        and d.number
        and (only is None or d.id in only)
    ]
    rows[DESIGNATIONS.name] = [_designation_row(d, paths) for d in titles]
    grants = uow.registry.grants([d.id for d in titles])
    by_id = {d.id: d for d in titles}
    rows[GRANTS.name] = [
        (
            get_scheme(by_id[did].scheme_code).settings.name,
            by_id[did].number,
            grant_kind_label(g.kind, get_scheme(by_id[did].scheme_code).settings),
            g.approval_ref,
            g.approved_on,
            g.paid_on,
            format_fen(g.amount_fen).replace(",", ""),
            paths.get(g.paying_union_id),
        )
        for (did, _, _), g in sorted(grants.items(), key=lambda item: item[1].id)
        if g.kind in IMPORTED_GRANT_LABELS
    ]
    rows[ASSESSMENTS.name] = [
        row for a in uow.registry.assessments_of(list(by_id)) for row in _assessment_rows(a, by_id)
    ]
    rows.update(history_rows(uow, titles))
    return rows


def _assessment_rows(a: AnnualAssessment, titles: dict[int, Designation]) -> list[Row]:
    """One row per recorded step of a year's 考核, in order [S9]."""
    d = titles[a.designation_id]
    scheme = get_scheme(d.scheme_code).settings.name
    steps = (
        ("unit", a.unit_passed, a.unit_on, a.unit_signer, a.unit_opinion, None),
        ("district", a.district_passed, a.district_on, a.district_signer, a.district_opinion, None),
        (
            "city",
            None if a.city_revoke is None else not a.city_revoke,
            a.city_on, a.city_signer, a.city_opinion, a.decision_ref,
        ),
    )  # fmt: skip
    return [
        (
            scheme,
            d.number,
            a.year,
            ASSESSMENT_STEP_LABELS[step],
            _VERDICT[passed],
            on,
            signer,
            opinion,
            ref,
        )
        for step, passed, on, signer, opinion, ref in steps
        if passed is not None
    ]


_VERDICT = {label_value == "1": label for label, label_value in VERDICT_LABELS.items()}


def _designation_row(d: Designation, paths: dict[int, str]) -> Row:
    named = next((h for h in d.history if h.to_status is DesignationStatus.NAMED), None)
    last = d.history[-1] if d.history else None
    status = workbook_status(d.status)
    ended = status is not DesignationStatus.NAMED and last is not None
    return (
        get_scheme(d.scheme_code).settings.name,
        d.number,
        paths[d.workshop.unit_union_id],
        d.workshop.name,
        d.title,
        d.naming_date,
        paths[d.naming_union_id],
        named.document_ref if named else None,
        designation_status_label(status, d.scheme_code),  # 已撤牌 [Y12], 已摘牌 [S9]
        last.effective_on if ended and last else None,
        last.document_ref if ended and last else None,
    )
