"""Demo workshops holding Shanghai city titles: 上海市劳模创新工作室 and 上海市工匠创新工作室.

City titles are named by 上海市总工会. Several model-worker titles are recommended from the
team's Yangpu title after it has run for at least a year [S7]; that Yangpu title stays held.
"""

from __future__ import annotations

from datetime import date

from lifecycle.demo.spec import (
    SH_CRAFTSMAN,
    SH_MODEL_WORKER,
    YANGPU,
    Ago,
    LeaderSpec,
    RetiresIn,
    Step,
    WorkshopSpec,
    named,
)
from lifecycle.persons.service import HonourInput as H
from lifecycle.vocab import DesignationStatus, EmploymentStatus, Gender, Honour, RetirementGroup
from lifecycle.vocab import SkillLevel as Sk

M, F = Gender.MALE, Gender.FEMALE
CADRE = RetirementGroup.FEMALE_CADRE
SH_MW = Honour.SHANGHAI_MODEL_WORKER
NAT_MW = Honour.NATIONAL_MODEL_WORKER
MAY_DAY = Honour.NATIONAL_MAY_DAY_MEDAL
CRAFTSMAN = Honour.SHANGHAI_CRAFTSMAN


def crafted(year: int) -> H:
    """A 上海工匠 granted before the service, with the document it was granted by [G] 四."""
    return H(CRAFTSMAN, year, f"{year}年度“上海工匠”命名公示名单（演示）")


MASTER = Honour.SKILL_MASTER_STUDIO_LEADER

MODEL_WORKER_WORKSHOPS: tuple[WorkshopSpec, ...] = (
    # City title named two months ago. Once the city's 2万 grant is recorded and the district's
    # ≥1:1 matching is not, this is the "city title with matching funds missing" case [S10].
    WorkshopSpec(
        unit="rn",
        founded=Ago(6),
        leader=LeaderSpec(
            "王建国", M, date(1971, 7, 7), Sk.SENIOR_TECHNICIAN, (H(SH_MW, 2015), H(MAY_DAY, 2019))
        ),
        direction="汽轮机检修",
        trade="汽轮机检修",
        members=5,
        designations=(
            named(YANGPU, 10, Ago(2, 3)),
            named(SH_MODEL_WORKER, 3, Ago(0, 2), recommended_from=YANGPU),
        ),
    ),
    # The leader has left the unit (离职): the 摘牌 path of [S9] applies.
    WorkshopSpec(
        unit="yg",
        founded=Ago(6, 3),
        leader=LeaderSpec(
            "赵子豪",
            M,
            date(1983, 9, 19),
            Sk.NONE,
            (H(SH_MW, 2018),),
            title="高级工程师",
            education="硕士研究生",
            status=EmploymentStatus.LEFT,
        ),
        direction="大数据分析",
        trade="数据分析",
        members=4,
        designations=(
            named(YANGPU, 11, Ago(4, 2)),
            named(SH_MODEL_WORKER, 7, Ago(2, 5), recommended_from=YANGPU),
        ),
    ),
    WorkshopSpec(
        unit="kj",
        founded=Ago(9),
        leader=LeaderSpec(
            "许国强",
            M,
            date(1969, 2, 11),
            Sk.PRINCIPAL_TECHNICIAN,
            (H(SH_MW, 2010), H(NAT_MW, 2020)),
        ),
        direction="数控机床再制造",
        trade="机床维修",
        members=6,
        designations=(
            named(YANGPU, 13, Ago(5, 3)),
            named(SH_MODEL_WORKER, 11, Ago(3, 1), recommended_from=YANGPU),
        ),
    ),
    WorkshopSpec(
        unit="sz",
        founded=Ago(5, 6),
        leader=LeaderSpec("邓海燕", F, date(1980, 3, 8), Sk.SENIOR_TECHNICIAN, (H(SH_MW, 2020),)),
        direction="排水管网检测",
        trade="管道检测",
        members=4,
        designations=(
            named(YANGPU, 16, Ago(3, 10)),
            named(SH_MODEL_WORKER, 15, Ago(1, 1), recommended_from=YANGPU),
        ),
    ),
    WorkshopSpec(
        unit="zx",
        founded=Ago(7),
        leader=LeaderSpec(
            "冯志强",
            M,
            date(1974, 6, 25),
            Sk.SENIOR_TECHNICIAN,
            (H(SH_MW, 2015),),
            title="高级讲师",
            education="本科",
        ),
        direction="智能制造实训",
        trade="机电一体化",
        members=5,
        designations=(
            named(YANGPU, 18, Ago(4, 0, 40)),
            named(SH_MODEL_WORKER, 9, Ago(2, 0, 10), recommended_from=YANGPU),
        ),
    ),
    WorkshopSpec(
        unit="zw",
        founded=Ago(4),
        leader=LeaderSpec(
            "彭晨曦",
            F,
            date(1984, 10, 29),
            Sk.NONE,
            (H(SH_MW, 2020), H(MAY_DAY, 2022)),
            title="高级工程师",
            education="硕士研究生",
            group=CADRE,
        ),
        direction="半导体设备",
        trade="设备工程",
        members=5,
        designations=(named(SH_MODEL_WORKER, 21, Ago(1, 6)),),
    ),
    WorkshopSpec(
        unit="pg",
        founded=Ago(8),
        leader=LeaderSpec(
            "曾永华",
            M,
            date(1972, 12, 5),
            Sk.PRINCIPAL_TECHNICIAN,
            (H(SH_MW, 2009), H(NAT_MW, 2015)),
        ),
        direction="港机检修",
        trade="起重机械维修",
        members=6,
        designations=(named(SH_MODEL_WORKER, 2, Ago(4, 2)),),
    ),
    WorkshopSpec(
        unit="sy",
        founded=Ago(5),
        leader=LeaderSpec("蔡雪梅", F, date(1981, 5, 20), Sk.TECHNICIAN, (H(SH_MW, 2020),)),
        direction="智慧零售服务",
        trade="零售服务",
        members=3,
        designations=(named(SH_MODEL_WORKER, 13, Ago(2, 11)),),
    ),
)

CRAFTSMAN_WORKSHOPS: tuple[WorkshopSpec, ...] = (
    # A 技能大师 team holding a Yangpu 技师 title and, since the 2024 batch, a craftsman title.
    WorkshopSpec(
        unit="xd",
        founded=Ago(6),
        leader=LeaderSpec(
            "潘志明",
            M,
            date(1982, 1, 15),
            Sk.SENIOR_TECHNICIAN,
            (crafted(2019), H(MASTER, 2020)),
        ),
        direction="模具精修",
        trade="模具钳工",
        members=5,
        designations=(
            named(YANGPU, 20, Ago(4, 1)),
            named(SH_CRAFTSMAN, 2, Ago(1, 11), title="潘志明模具精修工匠创新工作室"),
        ),
    ),
    WorkshopSpec(
        unit="qx",
        founded=Ago(3, 6),
        leader=LeaderSpec("蒋一帆", M, date(1990, 8, 8), Sk.TECHNICIAN, (crafted(2022),)),
        direction="协作机器人集成",
        trade="机器人集成",
        members=4,
        designations=(named(SH_CRAFTSMAN, 5, Ago(1, 11), title="蒋一帆协作机器人工匠创新工作室"),),
    ),
    WorkshopSpec(
        unit="zw",
        founded=Ago(5),
        leader=LeaderSpec(
            "杜晓光",
            M,
            date(1978, 4, 19),
            Sk.PRINCIPAL_TECHNICIAN,
            (crafted(2017), H(MAY_DAY, 2021)),
        ),
        direction="精密光刻部件",
        trade="精密加工",
        members=6,
        designations=(named(SH_CRAFTSMAN, 9, Ago(1, 11), title="杜晓光精密制造工匠创新工作室"),),
    ),
    WorkshopSpec(
        unit="pg",
        founded=Ago(4),
        leader=LeaderSpec("叶春华", F, date(1983, 7, 7), Sk.SENIOR_TECHNICIAN, (crafted(2020),)),
        direction="岸桥电气",
        trade="电气维修",
        members=4,
        designations=(named(SH_CRAFTSMAN, 14, Ago(1, 11), title="叶春华岸桥电气工匠创新工作室"),),
    ),
    WorkshopSpec(
        unit="kj",
        founded=Ago(3),
        leader=LeaderSpec("苏明亮", M, date(1986, 11, 11), Sk.SENIOR_TECHNICIAN, (crafted(2021),)),
        direction="工业焊接机器人",
        trade="焊工",
        members=3,
        designations=(named(SH_CRAFTSMAN, 31, Ago(0, 11), title="苏明亮智能焊接工匠创新工作室"),),
    ),
    # The leader retired about ten months ago; the city chose 退出管理序列，保留称号 (附件3) [C].
    WorkshopSpec(
        unit="sz",
        founded=Ago(6),
        leader=LeaderSpec(
            "魏德福",
            M,
            RetiresIn(-300),
            Sk.SENIOR_TECHNICIAN,
            (crafted(2018),),
            status=EmploymentStatus.RETIRED,
        ),
        direction="沥青路面再生",
        trade="道路施工",
        members=4,
        designations=(
            named(
                SH_CRAFTSMAN,
                22,
                Ago(1, 11),
                Step(
                    DesignationStatus.EXITED,
                    Ago(0, 3),
                    "领衔人退休，退出管理序列，保留工作室称号",
                    "沪工〔{year}〕41号",
                ),
                title="魏德福路面再生工匠创新工作室",
            ),
        ),
    ),
)

CITY_WORKSHOPS: tuple[WorkshopSpec, ...] = MODEL_WORKER_WORKSHOPS + CRAFTSMAN_WORKSHOPS
