"""A role refusal citing who acts cites the schemes of the caller's own city tree: a 乐山 officer
refused the 撤牌 confirmation hears that 乐山's notice sets none [L], not Yangpu's
《杨浦区…管理办法》第十二条, which Shanghai's officers still hear [Y12] (both backends).

Before: every caller, 乐山's too, was cited Yangpu's article."""

from __future__ import annotations

from lifecycle.accounts.service import issue_token
from lifecycle.citations import TITLES
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api

Y12 = "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条）"
L_UNSET = f"（{TITLES['L']}对逾期未整改的撤牌未作规定）"
BODY = {"decided_on": "2026-11-10", "decision_ref": "乐工〔2026〕3号"}


def _leshan_headers(api: Api) -> dict[Role, dict[str, str]]:
    with api.uow() as u:
        tree = f.leshan_tree(u)
        users = {
            Role.CITY_OFFICER: f.user(u, Role.CITY_OFFICER, tree.city.id)[0],
            Role.FINANCE: f.user(u, Role.FINANCE, tree.city.id)[0],
        }
        tokens = {r: issue_token(u, p, "乐山", NOW).plaintext for r, p in users.items()}
        u.commit()
    return {r: {"Authorization": f"Bearer {t}"} for r, t in tokens.items()}


def test_a_leshan_officers_revocation_refusal_cites_leshans_notice_not_yangpus(api: Api) -> None:
    leshan = _leshan_headers(api)
    before = api.writes()
    expected = {
        Role.CITY_OFFICER: f"市总工会干部无权办理此事项，须由县（市、区）总工会干部办理{L_UNSET}",
        Role.FINANCE: f"财务人员无权办理此事项，须由县（市、区）总工会干部办理{L_UNSET}",
    }
    for role, headers in leshan.items():
        refused = api.client.post(
            f"/api/v1/notices/{api.own.notice}/revocation", headers=headers, json=BODY
        )
        assert refused.status_code == 403, refused.text
        message = refused.json()["error"]["message"]
        assert message == expected[role], message
        assert "杨浦" not in message
        assert "第十二条" not in message
    # Yangpu's side still hears its article.
    for role in (Role.CITY_OFFICER, Role.FINANCE):
        refused = api.client.post(
            f"/api/v1/notices/{api.own.notice}/revocation",
            headers=api.callers[role].headers,
            json=BODY,
        )
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["message"].endswith(Y12)
    assert api.writes() == before
