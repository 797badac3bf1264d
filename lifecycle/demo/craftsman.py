"""Demo 上海工匠 selection [G]: last year's call, an association, applications at several stages.

One application runs the five stages to the title: 朱振宇, who leads a Yangpu 技师 studio,
which then applies for the 上海市工匠创新工作室 title his honour lets him lead. Another is the
association's 社团推荐 (checked by 杨浦区总工会, awaiting the experts), one a self-application
awaiting the district's check, one a non-member directed to 入会. Loaded once: nothing is added
when any call already exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.craftsman_title import decisions, local_selection
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.rules import Channel, Group
from lifecycle.craftsman_title.stages import Stage
from lifecycle.demo.acting import acting_for
from lifecycle.demo.spec import id_card_number
from lifecycle.designations.naming import NewApplication, submit_application
from lifecycle.persons.model import Person
from lifecycle.persons.service import HonourInput, NewPerson, add_honour, register_person
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Gender, Honour, SkillLevel

SERIAL = 498  # the top of the members' range; distinct birth dates keep the numbers apart
YANGPU_AREA = "310110"
STATEMENT = (
    "本人从事精密装配与调试工作二十余年，长期扎根生产一线，主持完成多项关键设备国产化装调攻关，"
    "总结形成装调工艺规范八项，带教徒弟十余名，其中三人获评高级技师。"
) * 5
STUDIO = "朱振宇汽车线束工艺工匠创新工作室"


@dataclass(frozen=True)
class Applicant:
    name: str
    gender: Gender
    born: date
    union_key: str
    channel: Channel
    group: Group
    member: bool = True
    local_title: bool = True
    existing: bool = False  # a demo workshop's leader, already registered


APPLICANTS = (
    # Granted through the five stages; he leads a Yangpu studio (data_yangpu).
    Applicant(
        "朱振宇",
        Gender.MALE,
        date(1983, 3, 27),
        "xd",
        Channel.UNIT,
        Group.METALLURGY,
        existing=True,
    ),
    # 社团推荐 of the association's member; the Yangpu district gave its written opinion.
    Applicant("吴佳颖", Gender.FEMALE, date(1986, 10, 2), "mj", Channel.ASSOCIATION, Group.OTHER),
    # A self-applicant awaiting the city's 资格审核 and 海选面试, with the district's opinion.
    Applicant(
        "孙立强",
        Gender.MALE,
        date(1983, 2, 17),
        "rn",
        Channel.SELF,
        Group.METALLURGY,
        local_title=False,
    ),
    # Not yet a union member: directed to 入会, not refused.
    Applicant(
        "陈国栋",
        Gender.MALE,
        date(1980, 12, 5),
        "mj",
        Channel.ASSOCIATION,
        Group.OTHER,
        member=False,
    ),
)


def load_craftsman_demo(uow: UnitOfWork, union_ids: dict[str, int], *, as_of: date) -> int:
    """Last year's call with its applications; returns how many applications were created."""
    repo = svc.repo(uow)
    if repo.selections() or "mj" not in union_ids:
        return 0
    year = as_of.year - 1
    unions = {k: uow.unions.get(i, EVERYTHING) for k, i in union_ids.items()}
    city, yangpu = unions["sh"], unions["yp"]
    assert city is not None
    assert yangpu is not None
    sel = svc.open_selection(
        uow,
        svc.OpenSelection(year, date(year, 6, 12), date(year, 7, 15), date(year, 7, 15)),
        scope=EVERYTHING,
        as_of=date(year, 6, 12),  # opened the day its self window opened (reading G12)
    )
    for body, figures in (
        (yangpu, local_selection.RecordLocal(sel.id, yangpu.id, 320, 12, 2016, True, 865_000)),
        (city, local_selection.RecordLocal(sel.id, union_ids["mj"], 60, 4, since_year=2019)),
    ):
        local_selection.record_local_selection(
            uow, figures, recording_union_id=body.id, scope=EVERYTHING
        )
    apps = []
    for a in APPLICANTS:
        union = unions[a.union_key]
        assert union is not None
        person = _person(uow, a, union, year, as_of)
        cmd = svc.Apply(
            sel.id, person.id, a.channel, a.group, date(year, 7, 5), True, True, False, False,
            "13916208871", "上海市杨浦区控江路1555弄8号602室", "装配钳工", 22,
            "精益求精、一丝不苟，把每一道工序做到极致，并把手艺传给下一代。", STATEMENT,
            {"技能精湛": "全国职工职业技能大赛装配钳工一等奖（单位盖章）", "培养人才": "带徒12名"},
            patents_invention=2, patents_utility=6, honours_text=f"{year - 3}年区级工匠",
            district_union_id=yangpu.id if a.channel == Channel.ASSOCIATION else None,
            income_survey={"monthly_income_fen": 1_380_000, "income_level": "较高"},
        )  # fmt: skip
        # Filed online on the form's date, inside last year's window.
        apps.append(svc.apply(uow, cmd, as_of=cmd.applied_on, scope=EVERYTHING))
    granted, recommended = apps[0], apps[1]
    # The district's qualification check by the day unions submit to the city [G] 五（四）.
    _decide(uow, granted.id, Stage.QUALIFICATION, date(year, 7, 10), yangpu)
    _decide(uow, recommended.id, Stage.QUALIFICATION, date(year, 7, 12), yangpu)
    for stage, on in (
        (Stage.EXPERT_REVIEW, date(year, 8, 20)),
        (Stage.RELEASE_REVIEW, date(year, 9, 10)),
        (Stage.CITY_APPROVAL, date(year, 9, 25)),
        (Stage.PUBLIC_NOTICE, date(year, 10, 15)),
    ):
        _decide(uow, granted.id, stage, on, city)
    _studio(uow, granted.person_id, as_of)
    return len(apps)


def _person(uow: UnitOfWork, a: Applicant, union: Union, year: int, as_of: date) -> Person:
    honours = (HonourInput(Honour.DISTRICT_CRAFTSMAN, year - 3),) if a.local_title else ()
    if a.existing:
        found = next(p for p in svc.repo(uow).members(union.id, EVERYTHING) if p.name == a.name)
        for h in honours:  # 杨浦工匠, the local title a recommendation rests on [G] 五（二）
            add_honour(uow, found.id, h, as_of=as_of, scope=EVERYTHING)
        return found
    return register_person(
        uow,
        NewPerson(
            a.name, a.gender, a.born, id_card_number=id_card_number(
                YANGPU_AREA, a.born, SERIAL, a.gender
            ), is_union_member=a.member, union_id=union.id, skill_level=SkillLevel.TECHNICIAN,
            honours=honours,
        ),
        as_of=as_of,
        scope=EVERYTHING,
    )  # fmt: skip


def _decide(uow: UnitOfWork, app_id: int, stage: Stage, on: date, union: Union) -> None:
    notice = stage == Stage.PUBLIC_NOTICE
    decisions.decide_stage(
        uow,
        decisions.Decide(
            app_id, stage, True, "经审核，同意进入下一环节", f"{union.name}（演示）", on,
            credit_check_passed=True if stage == Stage.CITY_APPROVAL else None,
            notice_from=date(on.year, 9, 28) if notice else None,
            notice_to=date(on.year, 10, 12) if notice else None,
            objections="公示期内无异议" if notice else None,
        ),
        deciding_union_id=union.id,
        actor=acting_for(union),
        as_of=on,  # recorded the day it was decided
        scope=EVERYTHING,
    )  # fmt: skip


def _studio(uow: UnitOfWork, leader_id: int, as_of: date) -> None:
    """The new 上海工匠's studio applies for the city craftsman title he may now lead [C]."""
    shop = next(w for w in uow.workshops.find(EVERYTHING) if w.leader_person_id == leader_id)
    unit = uow.unions.get(shop.unit_union_id, EVERYTHING)
    assert unit is not None
    submit_application(
        uow,
        NewApplication(shop.id, "shanghai-craftsman", STUDIO, as_of, reason="提交申报（演示）"),
        actor=acting_for(unit),
        as_of=as_of,
        scope=EVERYTHING,
    )
