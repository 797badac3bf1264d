"""The one place rule packs are registered: a new scheme is a new module plus one line here."""

from __future__ import annotations

from collections.abc import Iterable

from lifecycle.citations import cite
from lifecycle.errors import ValidationFailed
from lifecycle.schemes.authority import ACT_LABELS, Act, authorities_for
from lifecycle.schemes.base import Scheme
from lifecycle.schemes.leshan_city import LeshanCity
from lifecycle.schemes.shanghai_craftsman import ShanghaiCraftsman
from lifecycle.schemes.shanghai_model_worker import ShanghaiModelWorker
from lifecycle.schemes.yangpu_district import YangpuDistrict

_SCHEMES: dict[str, Scheme] = {}


def register(scheme: Scheme) -> Scheme:
    """Add a rule pack under its settings code; a code may be registered only once."""
    code = scheme.settings.code
    if code in _SCHEMES:
        raise ValueError(f"scheme {code!r} is already registered")
    _SCHEMES[code] = scheme
    return scheme


def get_scheme(code: str) -> Scheme:
    """The rule pack for ``code``; ValidationFailed on field ``scheme`` if unknown."""
    try:
        return _SCHEMES[code]
    except KeyError:
        # Each by its name, with the code the caller sends in brackets.
        known = "、".join(f"{s.settings.name}（{c}）" for c, s in _SCHEMES.items())
        raise ValidationFailed(
            f"未知的命名方案「{code}」，可选：{known}",
            field="scheme",
            code="unknown_scheme",
        ) from None


def act_citation(act: Act, schemes: Iterable[str] | None = None) -> str | None:
    """What a refusal made before the title is read says of who rules ``act``: the article the
    packs of ``schemes`` (the caller's own city tree's; every pack when None) that rule it cite
    (《杨浦区…管理办法》第十二条 for 撤牌; no scheme named: every pack's); where none of them rules
    it (乐山's [L] has no 撤牌), plainly that none does, with no article; None when their packs
    cite apart."""
    named = [_SCHEMES[code] for code in schemes or () if code in _SCHEMES]
    packs = named or list(_SCHEMES.values())
    cited = {a.citation for s in packs for a in authorities_for(s.settings.authorities, act)}
    if not cited:  # said plainly, by the texts of the caller's own schemes where they have one
        texts = "、".join(
            dict.fromkeys(p.settings.naming_article for p in packs if p.settings.naming_article)
        )
        return cite(f"{texts or '适用的命名办法'}对{ACT_LABELS[act]}未作规定")
    return cited.pop() if len(cited) == 1 else None


def all_schemes() -> tuple[Scheme, ...]:
    """Every registered rule pack, in registration order."""
    return tuple(_SCHEMES.values())


register(YangpuDistrict())
register(ShanghaiModelWorker())
register(ShanghaiCraftsman())
register(LeshanCity())
