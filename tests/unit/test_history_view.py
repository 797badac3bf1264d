"""How the 修改记录 page shows logged values (pure: the audit log's JSON in, text out)."""

from __future__ import annotations

from lifecycle.views.history import RECORDS, Record, changes_of, show_value

CHANGE = RECORDS[Record.CHANGE_REQUEST]
PERSON = RECORDS[Record.PERSON]
NAMES = {
    "union": {2: "杨浦区总工会"},
    "person": {7: "陈志刚"},
    "leader_event": {12: "2026年12月1日 陈志刚退休"},
}


def test_values_are_shown_as_a_reader_knows_them() -> None:
    assert show_value("is_union_member", True, PERSON, NAMES) == "是"
    assert show_value("employer", None, PERSON, NAMES) == "（空）"
    assert show_value("employer", "", PERSON, NAMES) == "（空）"
    assert show_value("id_card_number", "***", PERSON, NAMES) == "（已隐去）"
    assert show_value("gender", "female", PERSON, NAMES) == "女"
    # A record by its name, never its internal id (before: 杨浦区总工会（#2）, #3).
    assert show_value("union_id", 2, PERSON, NAMES) == "杨浦区总工会"
    assert show_value("union_id", 3, PERSON, NAMES) == "（不在管辖范围内或已删除）"
    assert show_value("old_leader_person_id", 7, CHANGE, NAMES) == "陈志刚"
    # A leader event by its day, leader and kind (before: 「#12」); one out of reach unnamed.
    assert show_value("leader_event_id", 12, CHANGE, NAMES) == "2026年12月1日 陈志刚退休"
    assert show_value("leader_event_id", 13, CHANGE, NAMES) == "（不在管辖范围内或已删除）"
    assert show_value("amount_fen", 1_000_000, RECORDS[Record.GRANT], NAMES) == "10,000.00"
    # An instant is logged in UTC and read in Shanghai; both as every page shows dates.
    assert show_value("waiting_since", "2026-12-03T17:30:00+00:00", CHANGE, NAMES) == (
        "2026年12月4日 01:30"
    )
    assert show_value("filed_on", "2026-12-03", CHANGE, NAMES) == "2026年12月3日"
    assert show_value("status", "no_such_status", CHANGE, NAMES) == "no_such_status"


def test_an_update_lists_only_what_changed_and_bookkeeping_never() -> None:
    shown = changes_of(
        "update",
        {"name": "张三", "birth_date": "1970-01-01", "version": 1},
        {"name": "张三", "birth_date": "1966-05-10", "version": 2},
        PERSON,
        NAMES,
    )
    assert [(c.label, c.before, c.after) for c in shown] == [
        ("出生日期", "1970年1月1日", "1966年5月10日")
    ]


def test_a_new_record_lists_what_it_was_created_with() -> None:
    shown = changes_of(
        "insert", None, {"id": 1, "name": "张三", "employer": None, "gender": "male"}, PERSON, NAMES
    )
    assert [(c.label, c.before, c.after) for c in shown] == [
        ("姓名", "", "张三"),
        ("性别", "", "男"),
    ]


USER = RECORDS[Record.USER]
CONTACT = RECORDS[Record.CONTACT]


def test_accounts_and_contacts_are_shown_in_the_words_of_their_pages() -> None:
    assert show_value("role", "city_officer", USER, NAMES) == "市总工会干部"
    assert show_value("active", False, USER, NAMES) == "已停用"
    assert show_value("active", True, USER, NAMES) == "启用"
    assert show_value("role", "unit_contact", CONTACT, NAMES) == "基层单位联系人"
    assert show_value("role", "chair", CONTACT, NAMES) == "工会主席"
    assert show_value("union_id", 2, CONTACT, NAMES) == "杨浦区总工会"
    shown = changes_of(
        "insert",
        None,
        {"id": 4, "union_id": 2, "name": "王干事", "email": "w@yp.cn", "role": "officer"},
        CONTACT,
        NAMES,
    )
    assert [(c.label, c.after) for c in shown] == [
        ("姓名", "王干事"),
        ("工会", "杨浦区总工会"),
        ("联系人类别", "工会干部"),
        ("邮箱", "w@yp.cn"),
    ]


def test_a_secret_is_never_shown_only_that_it_changed() -> None:
    # The log keeps "***"; a hash logged some other way is hidden all the same.
    assert show_value("password_hash", "***", USER, NAMES) == "（已隐去）"
    assert show_value("password_hash", "$argon2id$v=19$m=8,t=1$c2FsdA$aGFzaA", USER, NAMES) == (
        "（已隐去）"
    )
    reset = changes_of(
        "update",
        {"password_hash": "***", "failed_logins": 5, "locked_until": "2026-12-03T02:00:00+00:00"},
        {"password_hash": "***", "failed_logins": 0, "locked_until": None},
        USER,
        NAMES,
    )
    assert [(c.label, c.before, c.after) for c in reset] == [
        ("密码", "（已隐去）", "（已更改，已隐去）"),
        ("登录锁定至", "2026年12月3日 10:00", "（空）"),
    ]
