"""The programmes of a user's own city tree: the schemes whose naming union lies in it
[Y7][S7][C 二（五）][L 一], and the 上海工匠 selection where 上海市总工会 heads the tree [G]."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lifecycle.craftsman_title.service import TITLE_CITY
from lifecycle.occasions.model import OccasionKind
from lifecycle.occasions.rules import scheme_kinds
from lifecycle.schemes import all_schemes, get_scheme
from lifecycle.schemes.base import NewTeam, wording_of
from lifecycle.schemes.words import (
    designation_status_labels,
    leader_words,
    mixed_status_labels,
)
from lifecycle.scope import Scope
from lifecycle.unions.model import REGION_LEVELS, Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import (
    DEFAULT_WORDING,
    HONOUR_LABELS,
    SHANGHAI_HONOURS,
    DesignationStatus,
    Honour,
    Role,
    UnionLevel,
    UnionWording,
)


@dataclass(frozen=True)
class HomeTree:
    """The programmes of one city tree (the tree of a user's union, from its root)."""

    schemes: dict[str, str]  # code → Chinese name, in registration order
    craftsman_selection: bool  # the 上海工匠 selection's call is this tree's city's [G] 一
    wording: UnionWording  # the city's names of its union levels and roles (乐山's [L 一])
    # How a team newly registered in the city applies, by the tree's schemes [Y7][L 一]
    new_teams: tuple[NewTeam, ...] = ()

    @property
    def leader_word(self) -> str:
        """The tree's word for a team's leader: its schemes' own where they agree (乐山's
        带头人 [L 二（一）]), else the service's 领衔人."""
        words = {get_scheme(code).settings.leader_word for code in self.schemes}
        return words.pop() if len(words) == 1 else "领衔人"

    @property
    def listed_leader_word(self) -> str:
        """The leader's word on a list of the tree's titles: its schemes' own where they agree,
        else both (Shanghai's tree: Yangpu's 带头人 [Y3], the city's 领衔人 [S3][C 一（一）])."""
        return leader_words(self.schemes or None)

    def status_labels(self, scheme_code: str | None = None) -> Mapping[DesignationStatus, str]:
        """The statuses a filter over the tree's titles offers: one scheme's words where the
        filter names it, else the words of all the tree's schemes (已撤牌/摘牌 in Shanghai's);
        only those its titles can be in (乐山's [L]: no 整改中, 撤牌 or 退出管理序列)."""
        labels: Mapping[DesignationStatus, str]
        # Another city's scheme named in the address is ignored by the list, and so here (a
        # 乐山 list asked for ?scheme=yangpu-district offered Yangpu's 整改中 and 已撤牌).
        known = set(self.schemes) or {s.settings.code for s in all_schemes()}
        if scheme_code and scheme_code in known:
            labels = designation_status_labels(scheme_code)
            codes = [scheme_code]
        else:
            labels = mixed_status_labels(self.schemes or None)
            codes = list(self.schemes) or [s.settings.code for s in all_schemes()]
        held = {status for code in codes for status in get_scheme(code).held_statuses()}
        return {status: label for status, label in labels.items() if status in held}

    @property
    def honours(self) -> tuple[Honour, ...]:
        """The honours a person of the tree is registered with: Shanghai's own (上海市劳动模范,
        上海工匠, 区级工匠) only in the tree that confers them (or where no tree is meant), not
        to 乐山's users, whose leaders are 劳模 or 工匠人才 [L 二（一）]."""
        shanghai = self.craftsman_selection or not self.schemes
        return tuple(h for h in HONOUR_LABELS if shanghai or h not in SHANGHAI_HONOURS)

    @property
    def issues_notices(self) -> bool:
        """Whether the tree's titles can be sent a written 整改通知: one of its schemes inspects
        at each cycle end ([Y12]; or no tree is meant), not 乐山's, whose notice sets no
        oversight [L]."""
        return OccasionKind.CYCLE_INSPECTION in self.occasion_kinds or not self.schemes

    @property
    def agenda_word(self) -> str:
        """What the tree's calendar holds, in a few words: 「检查与期限」 where its titles are
        inspected ([Y12]; or no tree is meant), 「待办事项与期限」 where they never are (乐山's
        notice sets no oversight [L])."""
        inspected = OccasionKind.CYCLE_INSPECTION in self.occasion_kinds
        return "检查与期限" if inspected or not self.schemes else "待办事项与期限"

    @property
    def district_matching(self) -> bool:
        """Whether a title of the tree (of any scheme, for the whole registry) may be owed
        district matching funds (``SchemeSettings.has_district_matching`` [S10]): Shanghai's
        tree yes, 乐山's no [L 三]."""
        codes = self.schemes or [s.settings.code for s in all_schemes()]
        return any(get_scheme(code).settings.has_district_matching for code in codes)

    @property
    def occasion_kinds(self) -> frozenset[OccasionKind]:
        """The kinds of 待办 this tree can have: those its schemes can produce
        (``occasions.rules.scheme_kinds``) and the 上海工匠 selection's steps where it runs it."""
        kinds = {k for code in self.schemes for k in scheme_kinds(get_scheme(code).settings)}
        if self.craftsman_selection:
            kinds.add(OccasionKind.CRAFTSMAN_STEP)
        return frozenset(kinds)


def tree_root(union_path: str) -> str:
    """The path of the root of the tree a union (by its path) lies in, e.g. "/1/4/9/" → "/1/"."""
    first = union_path.strip("/").split("/")[0]
    return f"/{first}/"


def home_of(union_path: str, regional: Iterable[tuple[str, UnionLevel, str]]) -> HomeTree:
    """The programmes whose naming union (one of ``regional``: path, level, region code of the
    unions at a naming level carrying a region) lies in the tree of ``union_path``."""
    root = tree_root(union_path)
    own = {(level, region) for path, level, region in regional if path.startswith(root)}
    packs = [
        s
        for s in all_schemes()
        if (UnionLevel(s.settings.level.value), s.settings.namer.region) in own
    ]
    schemes = {s.settings.code: s.settings.name for s in packs}
    new_teams = tuple(s.settings.new_team for s in packs if s.settings.new_team is not None)
    selection = (UnionLevel.CITY, TITLE_CITY.region) in own
    return HomeTree(schemes, selection, wording_of(packs), new_teams)


def home_tree(uow: UnitOfWork, union_path: str) -> HomeTree:
    """The programmes of the city tree ``union_path`` lies in, read from the union tree."""
    return home_of(union_path, uow.unions.regional(REGION_LEVELS))


# Where no one city tree is meant (the whole registry): no programme of its own, Shanghai's words.
NO_TREE = HomeTree({}, False, DEFAULT_WORDING)


def scope_tree(uow: UnitOfWork, scope: Scope) -> HomeTree:
    """The programmes of the city tree ``scope`` lies in; ``NO_TREE`` for the whole registry."""
    if scope.path_prefix is None:
        return NO_TREE
    return home_tree(uow, scope.path_prefix)


@dataclass(frozen=True)
class TreeWordings:
    """The words of every city tree, read once: for a page naming the roles of many users, each
    in the words of their own union's tree (乐山's 县（市、区）总工会干部 [L 一])."""

    regional: tuple[tuple[str, UnionLevel, str], ...]  # as ``home_of`` reads them

    def of(self, union_path: str) -> UnionWording:
        """The words of the city tree ``union_path`` lies in."""
        return home_of(union_path, self.regional).wording

    def role(self, role: Role, union: Union | None) -> str:
        """The role as the tree and the level of its holder's union have it (``role_label``);
        Shanghai's words where the union is not known."""
        if union is None:
            return DEFAULT_WORDING.role(role)
        return self.of(union.path).role(role, union.level)


def tree_wordings(uow: UnitOfWork) -> TreeWordings:
    """The words of every city tree, read from the union tree."""
    return TreeWordings(tuple(uow.unions.regional(REGION_LEVELS)))
