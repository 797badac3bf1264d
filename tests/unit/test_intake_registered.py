"""Form fields restating the register, as pure rules: blanks take the register's value, a value
that differs is refused at submission saying both [C 二（二）][L 二（一）]."""

from __future__ import annotations

from datetime import date

from lifecycle.intake.forms import clean_form
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.registered import TeamRecord, fill_from_register, register_problems
from lifecycle.vocab import UnitNature
from tests.intake_factories import AS_OF, craftsman_form, leshan_form

CRAFTSMAN = intake_pack("shanghai-craftsman").form
LESHAN = intake_pack("leshan-city").form
RECORD = TeamRecord(UnitNature.NON_PUBLIC, date(2017, 5, 12), 6)


def _refusals(spec, raw):  # type: ignore[no-untyped-def]
    data, problems = clean_form(
        spec, fill_from_register(spec, raw, RECORD), complete=True, as_of=AS_OF
    )
    register_problems(spec, data, RECORD, problems)
    return data, {p.field: (p.code, p.message) for p in problems.items}


def test_blanks_take_the_registers_values_and_typed_ones_are_kept() -> None:
    filled = fill_from_register(LESHAN, {**leshan_form(), "founded": " ", "n_total": 3}, RECORD)
    assert (filled["founded"], filled["n_total"]) == ("2017-05-12", 3)
    data, refused = _refusals(CRAFTSMAN, craftsman_form())
    assert data["unit_nature"] == "非公企业"
    assert refused == {}


def test_a_differing_value_is_refused_saying_both_and_replaces_its_format_refusal() -> None:
    _, refused = _refusals(CRAFTSMAN, {**craftsman_form(), "unit_nature": "国企"})
    code, message = refused["unit_nature"]
    assert code == "differs_from_register"
    assert message.startswith(
        "单位性质应与工作室登记的单位性质一致：登记为「非公企业」，本表为「国企」"
    )
    _, refused = _refusals(LESHAN, {**leshan_form(), "n_total": 5, "founded": "2017-05-12"})
    assert set(refused) == {"n_total"}
    assert "登记为「6人」，本表为「5人」" in refused["n_total"][1]
