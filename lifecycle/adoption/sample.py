"""A synthetic registry in the template's layout: for tests, the benchmark and trying imports."""

from __future__ import annotations

from datetime import date

from lifecycle.adoption.sheets import (
    CONTACTS,
    DESIGNATIONS,
    GRANTS,
    HONOURS,
    MEMBERS,
    PERSONS,
    UNIONS,
    WORKSHOPS,
)
from lifecycle.persons.id_card import id_card_check_char
from lifecycle.schemes import get_scheme

Row = list[object]
UNITS_PER_SECTOR = 50
TITLES_PER_UNIT = 10


def sample_id_card(serial: int, born: date) -> str:
    """A valid 18-digit number, unique per ``serial`` (checksum per GB 11643); an odd serial is
    a man's, an even one a woman's (the 17th digit carries the gender)."""
    first17 = f"{100000 + serial // 1000:06d}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_card_check_char(first17)


def sample_registry(
    *,
    titles: int,
    districts: int = 3,
    city: str = "上海市总工会",
    naming_date: date = date(2019, 6, 1),
    cutover: date | None = None,
    full: bool = True,
) -> dict[str, list[Row]]:
    """``titles`` titles spread over ``districts`` districts, each with its leader, workshop and
    (``full``) a member, an honour and its one-off grant; every district's cut-over set to
    ``cutover``. The first district carries 杨浦's region and holds Yangpu titles, named by it;
    each further one carries a region of its own and holds city titles (上海市劳模创新工作室),
    named by the city union: a pack names the one union of its region at its level [Y7][S7]."""
    rows: dict[str, list[Row]] = {
        s.name: []
        for s in (UNIONS, CONTACTS, PERSONS, HONOURS, WORKSHOPS, MEMBERS, DESIGNATIONS, GRANTS)
    }
    # The region key makes it the union the Shanghai packs name to name city titles [S7].
    rows[UNIONS.name].append([city, "市总工会", "沪工", "shanghai", None])
    units: list[str] = []
    per_district = -(-titles // districts)
    for d in range(districts):
        district = f"{city}/第{d + 1}区总工会"
        region = "yangpu" if d == 0 else f"sample-district-{d + 1}"
        rows[UNIONS.name].append([district, "区局（产业）工会", f"区{d + 1}工创", region, cutover])
        rows[CONTACTS.name].append([district, "王干事", f"officer{d + 1}@example.cn", "工会干部"])
        unit_count = -(-per_district // TITLES_PER_UNIT)
        for s in range(-(-unit_count // UNITS_PER_SECTOR)):
            sector = f"{district}/第{s + 1}街道总工会"
            rows[UNIONS.name].append([sector, "行业、街镇、直属工会", None, None, None])
            for u in range(min(UNITS_PER_SECTOR, unit_count - s * UNITS_PER_SECTOR)):
                unit = f"{sector}/第{u + 1}公司工会"
                rows[UNIONS.name].append([unit, "基层单位工会", None, None, None])
                units.append(unit)
    for i in range(titles):
        district_no = i // per_district
        first_unit = district_no * -(-per_district // TITLES_PER_UNIT)
        unit = units[first_unit + (i % per_district) // TITLES_PER_UNIT]
        naming_union = f"{city}/第{district_no + 1}区总工会" if district_no == 0 else city
        _title(rows, i, unit, naming_union, naming_date, full=full, city=district_no > 0)
    return rows


def _title(
    rows: dict[str, list[Row]],
    i: int,
    unit: str,
    naming_union: str,
    named: date,
    *,
    full: bool,
    city: bool,
) -> None:
    """The rows of title ``i`` (a city title when ``city``, else a Yangpu one): its leader,
    workshop and designation (and more when ``full``)."""
    scheme = get_scheme("shanghai-model-worker" if city else "yangpu-district").settings.name
    ref = "沪工" if city else "区工创"
    born = date(1970 + i % 20, 1 + i % 12, 1 + i % 28)
    leader = sample_id_card(2 * i + 1, born)  # a man
    shop = f"带头人{i}技师创新工作室"
    number = f"样本-{i:06d}"
    rows[PERSONS.name].append(
        [leader, f"带头人{i}", "男", born, "男职工", unit, "是", f"第{i}公司", "在职", "技师"]
    )
    rows[WORKSHOPS.name].append(
        [unit, shop, f"第{i}公司", "国有企业", date(2015, 3, 1), leader, None, 120, "机械", "数控"]
    )
    rows[DESIGNATIONS.name].append(
        [scheme, number, unit, shop, shop, named, naming_union, f"{ref}〔2019〕{i}号", "已命名"]
    )
    if not full:
        return
    member_born = date(1990, 1 + i % 12, 1 + i % 28)
    member = sample_id_card(2 * i, member_born)  # a woman
    rows[PERSONS.name].append(
        [member, f"成员{i}", "女", member_born, "女工人", unit, "是", None, "在职", "高级工"]
    )
    rows[HONOURS.name].append([leader, "上海市劳动模范" if city else "市级先进个人", 2015])
    rows[MEMBERS.name].append([unit, shop, member, date(2016, 1, 1), None, "骨干", "车工", 10])
    rows[GRANTS.name].append(
        [scheme, number, "一次性补贴", f"{ref}拨〔2019〕{i}号", named, named, None, None]
    )
