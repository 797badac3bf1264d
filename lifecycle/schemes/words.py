"""A designation's status in its own scheme's words: 撤牌 [Y12], 摘牌 [S9][C 三（六）]."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from lifecycle.occasions.model import Occasion, occasion_kind_labels
from lifecycle.schemes.registry import all_schemes, get_scheme
from lifecycle.vocab import DesignationStatus, status_labels_in

if TYPE_CHECKING:
    from lifecycle.uow import UnitOfWork


def designation_status_labels(scheme_code: str) -> dict[DesignationStatus, str]:
    """Every status as the scheme's text has it: a lost title is 已撤牌 (Yangpu) or 已摘牌."""
    return status_labels_in(get_scheme(scheme_code).settings.revoked_word)


def designation_status_label(status: DesignationStatus | str, scheme_code: str) -> str:
    """One status in the scheme's words."""
    return designation_status_labels(scheme_code)[DesignationStatus(status)]


def revoked_words(scheme_codes: Iterable[str] | None = None) -> str:
    """The words the schemes given (or all) use for a lost title, joined: 撤牌/摘牌."""
    codes = list(scheme_codes) if scheme_codes is not None else None
    schemes = all_schemes() if codes is None else [get_scheme(c) for c in codes]
    words = dict.fromkeys(s.settings.revoked_word for s in schemes)
    return "/".join(words)


def mixed_status_labels(
    scheme_codes: Iterable[str] | None = None,
) -> Mapping[DesignationStatus, str]:
    """The statuses for a list or filter over several schemes: 已撤牌/摘牌 only when the schemes
    shown do use different words, else the one word they share."""
    return status_labels_in(revoked_words(scheme_codes))


def leader_words(scheme_codes: Iterable[str] | None = None) -> str:
    """The schemes' word for a workshop's leader where they agree (乐山's 带头人 [L 二（一）]),
    else both, for a list mixing them: 带头人（领衔人） ([Y3] and [S3][C 一（一）])."""
    schemes = all_schemes() if scheme_codes is None else [get_scheme(c) for c in scheme_codes]
    words = list(dict.fromkeys(s.settings.leader_word for s in schemes))
    if not words:
        return "带头人（领衔人）"
    if len(words) == 1:
        return words[0]
    return f"{words[0]}（{'、'.join(words[1:])}）"


def occasion_kind_label(kind: str, scheme_code: str | None) -> str:
    """One item's kind in its own scheme's words (带头人即将退休 on a Yangpu title [Y3], 领衔人…
    on a city one [S3][C 一（一）]); of no known scheme (an application's, an old record) in the
    words of all (带头人（领衔人）); a kind unknown here shows its code rather than failing."""
    known = {s.settings.code for s in all_schemes()}
    if scheme_code in known:
        labels = occasion_kind_labels(get_scheme(scheme_code).settings.leader_word)
    else:
        labels = occasion_kind_labels()
    return labels.get(kind, kind)


def worded(uow: UnitOfWork, occasions: Iterable[Occasion]) -> list[Occasion]:
    """The occasions, each told its title's scheme's word for the leader (its kind then reads
    带头人… on a Yangpu title [Y3], 领衔人… on a city one [S3]): the schemes read at once."""
    listed = list(occasions)
    ids = {o.designation_id for o in listed if o.designation_id is not None}
    schemes = uow.designations.scheme_codes(ids) if ids else {}
    words = {i: get_scheme(code).settings.leader_word for i, code in schemes.items()}
    return [
        replace(o, leader_word=words[o.designation_id]) if o.designation_id in words else o
        for o in listed
    ]


def team_leader_word(scheme_codes: Iterable[str]) -> str:
    """A team's leader as the titles it holds or held call them: 领衔人 for a team of city titles
    only [S3][C 一（一）], 带头人 for Yangpu or 乐山 ones [Y3][L 二（一）], both for a team holding
    both (带头人（领衔人）); a team with no title yet is registered as Yangpu's text has it."""
    codes = list(dict.fromkeys(scheme_codes))
    return leader_words(codes) if codes else "带头人"
