"""The typed texts of a leader event and of a direct change of leader: each checked once, by the
use case (``leaders.service``) and beside an API body's other fields (``api.body_rules``), a
multipart form's too (the continuation consent's signers)."""

from __future__ import annotations

from lifecycle.leaders.model import LeaderEventKind
from lifecycle.validation import RequiredText

SOURCE = RequiredText("信息来源", 300)
DETAILS = RequiredText("具体情况", 4000)
CHANGE_REASON = RequiredText("变更事由", 2000)
# A continuation consent's signers [Y13], as the form labels them.
LEADER_SIGNER = RequiredText("本人签名", 100)
UNIT_SIGNER = RequiredText("单位签署人", 100)


def details_text(kind: object) -> RequiredText | None:
    """具体情况 is required of an event of 其他 (what befell the leader is said nowhere else
    [Y13][C 三（六）]); of another kind it may be left out."""
    return DETAILS if kind == LeaderEventKind.OTHER else None
