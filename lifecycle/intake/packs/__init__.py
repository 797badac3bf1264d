"""Each scheme's intake pack: its form, attachments, route and batch rules, registered by code."""

from __future__ import annotations

from lifecycle.errors import ValidationFailed
from lifecycle.intake.packs.base import AttachmentSpec, BatchRules, IntakePack
from lifecycle.intake.packs.craftsman import PACK as CRAFTSMAN
from lifecycle.intake.packs.leshan import PACK as LESHAN
from lifecycle.intake.packs.model_worker import PACK as MODEL_WORKER
from lifecycle.intake.packs.yangpu import PACK as YANGPU
from lifecycle.intake.routes import Stage

# A new scheme's intake is one module and one line here (the rule pack lives in schemes/).
PACKS: dict[str, IntakePack] = {p.scheme_code: p for p in (YANGPU, CRAFTSMAN, LESHAN, MODEL_WORKER)}


def intake_pack(scheme_code: str) -> IntakePack:
    """The intake pack of a scheme; a scheme without one takes no applications."""
    pack = PACKS.get(scheme_code)
    if pack is None:
        raise ValidationFailed("该命名方案不受理申报", field="scheme", code="no_intake")
    return pack


def stage_named(code: object) -> Stage | None:
    """The stage a body's ``stage`` code names where the application (its pack) is not known, as
    a refused body's own checks are (``api/body_rules.py``): the first pack's stage of that code
    when every pack holding it makes it the same kind of stage (「council」 the decision,
    「recommend」 the batch), else None."""
    found = [s for p in PACKS.values() for s in p.route.stages if s.code == code]
    return found[0] if found and len({s.kind for s in found}) == 1 else None


__all__ = ["PACKS", "AttachmentSpec", "BatchRules", "IntakePack", "intake_pack", "stage_named"]
