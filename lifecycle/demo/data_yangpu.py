"""Demo workshops holding Yangpu district titles (杨浦区劳模（先进）、技师创新工作室).

Titles follow [Y8]: 带头人姓名 + 攻关方向 + 劳模/技师 + 创新工作室 (built by the scheme).
"""

from __future__ import annotations

from datetime import date

from lifecycle.demo.spec import (
    YANGPU,
    Ago,
    LeaderSpec,
    RetiresIn,
    Step,
    WorkshopSpec,
    applied,
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
CITY_ADV = Honour.CITY_ADVANCED_INDIVIDUAL
NAT_ADV = Honour.NATIONAL_ADVANCED_INDIVIDUAL
S = DesignationStatus

YANGPU_WORKSHOPS: tuple[WorkshopSpec, ...] = (
    # The first 3-year cycle [Y12] ends 25 days after the reference day: inspection due soon.
    WorkshopSpec(
        unit="rn",
        founded=Ago(5, 3),
        leader=LeaderSpec("陈志刚", M, date(1975, 4, 12), Sk.SENIOR_TECHNICIAN, (H(SH_MW, 2015),)),
        direction="锅炉节能",
        trade="锅炉运行",
        members=4,
        designations=(named(YANGPU, 15, Ago(3, days=-25)),),
    ),
    # Failed its cycle-end inspection 20 days ago: 整改通知 issued, rectifying [Y12].
    WorkshopSpec(
        unit="kj",
        founded=Ago(6),
        leader=LeaderSpec("刘建平", M, date(1970, 9, 3), Sk.TECHNICIAN, (H(CITY_ADV, 2016),)),
        direction="电机维修",
        trade="维修电工",
        members=4,
        designations=(
            named(
                YANGPU,
                8,
                Ago(3, 2),
                Step(
                    S.RECTIFYING,
                    Ago(days=20),
                    "周期检查未通过：有攻关项目及工作计划、有创新成果两项不合格，限期整改",
                    failing=(
                        ("projects", "本年度无攻关项目或创新课题，也未制定年度工作计划"),
                        ("achievements", "近两年无产生经济效益或社会效益的创新成果"),
                    ),
                ),
            ),
        ),
    ),
    # Failed, not rectified by the deadline: revoked, title lost [Y12].
    WorkshopSpec(
        unit="sy",
        founded=Ago(7),
        leader=LeaderSpec("周慧敏", F, date(1981, 2, 17), Sk.TECHNICIAN, (H(SH_MW, 2012),)),
        direction="商业服务",
        trade="商品营销",
        members=3,
        designations=(
            named(
                YANGPU,
                6,
                Ago(4, 3),
                Step(
                    S.RECTIFYING,
                    Ago(1, 2),
                    "周期检查未通过：有创新团队、有创新成果两项不合格，限期整改",
                    failing=(
                        ("team", "团队成员多数未实际参与创新活动，专业技术结构不合理"),
                        ("achievements", "近两年无产生经济效益或社会效益的创新成果"),
                    ),
                ),
                Step(
                    S.REVOKED,
                    Ago(0, 11),
                    "整改期限届满复查仍不合格，经区总工会主席办公会议决定撤牌，不再保留称号",
                    "杨工创〔{year}〕7号",
                ),
            ),
        ),
    ),
    # A fresh application, filed 20 days ago.
    WorkshopSpec(
        unit="qx",
        founded=Ago(2, 6),
        leader=LeaderSpec("吴俊峰", M, date(1986, 7, 21), Sk.TECHNICIAN, (H(CITY_ADV, 2023),)),
        direction="工业机器人视觉",
        trade="机器人调试",
        members=5,
        designations=(applied(YANGPU, Ago(days=20)),),
    ),
    # Passed the 初审, now before the district review panel [Y7].
    WorkshopSpec(
        unit="yg",
        founded=Ago(3),
        leader=LeaderSpec(
            "郑雅婷",
            F,
            date(1988, 11, 5),
            Sk.NONE,
            (H(SH_MW, 2020),),
            title="高级工程师",
            education="硕士研究生",
            group=CADRE,
        ),
        direction="数据安全",
        trade="网络安全",
        members=4,
        designations=(
            applied(
                YANGPU,
                Ago(0, 2),
                Step(S.UNDER_REVIEW, Ago(0, 1), "科技园区工会初审通过，提交区评审小组评审"),
            ),
        ),
    ),
    # Rejected by the review panel.
    WorkshopSpec(
        unit="xd",
        founded=Ago(2),
        leader=LeaderSpec("孙立新", M, date(1979, 5, 30), Sk.TECHNICIAN),
        direction="模具维修",
        trade="模具钳工",
        members=3,
        designations=(
            applied(
                YANGPU,
                Ago(1, 1),
                Step(S.UNDER_REVIEW, Ago(1), "五角场街道总工会初审通过，提交区评审小组评审"),
                Step(
                    S.REJECTED, Ago(0, 10), "区评审小组评审未通过：近两年无具有经济效益的创新成果"
                ),
            ),
        ),
    ),
    # The leader reaches legal retirement age 60–90 days after the reference day [Y13].
    WorkshopSpec(
        unit="rn",
        founded=Ago(6, 8),
        leader=LeaderSpec(
            "黄国庆",
            M,
            RetiresIn(75),
            Sk.SENIOR_TECHNICIAN,
            (H(SH_MW, 2010), H(MAY_DAY, 2016)),
        ),
        direction="压力容器焊接",
        trade="焊工",
        members=5,
        designations=(named(YANGPU, 21, Ago(2, 4)),),
    ),
    # The leader is past retirement age and retired, but continues with consent [Y13].
    WorkshopSpec(
        unit="kj",
        founded=date(2016, 5, 1),
        leader=LeaderSpec(
            "钱永刚",
            M,
            date(1961, 3, 14),
            Sk.SENIOR_TECHNICIAN,
            (H(SH_MW, 2000), H(NAT_MW, 2005)),
            status=EmploymentStatus.RETIRED,
        ),
        direction="精密装配",
        trade="装配钳工",
        members=5,
        designations=(named(YANGPU, 3, date(2020, 10, 16)),),
        description="带头人已达法定退休年龄并办理退休，本人愿意继续领衔，单位同意（第十三条）。",
    ),
    # Exactly the minimum team of 3 members besides the leader [Y3]; a fourth has left.
    WorkshopSpec(
        unit="zx",
        founded=Ago(3),
        leader=LeaderSpec(
            "马春燕",
            F,
            date(1978, 8, 9),
            Sk.SENIOR_TECHNICIAN,
            title="高级讲师",
            education="本科",
            group=CADRE,
        ),
        direction="数控实训教学",
        trade="数控车工",
        members=3,
        departed=1,
        designations=(named(YANGPU, 19, Ago(1, 5)),),
    ),
    WorkshopSpec(
        unit="sz",
        founded=Ago(4),
        leader=LeaderSpec("杨建华", M, date(1973, 1, 22), Sk.SENIOR_TECHNICIAN, (H(SH_MW, 2017),)),
        direction="道路养护",
        trade="道路养护工",
        members=4,
        designations=(named(YANGPU, 12, Ago(1, 8)),),
    ),
    WorkshopSpec(
        unit="jy",
        founded=Ago(5),
        leader=LeaderSpec(
            "林晓东",
            M,
            date(1980, 10, 10),
            Sk.NONE,
            (H(NAT_ADV, 2019),),
            title="正高级教师",
            education="硕士研究生",
        ),
        direction="科创教育",
        trade="科技教育",
        members=5,
        designations=(named(YANGPU, 9, Ago(2, 0, 50)),),
    ),
    WorkshopSpec(
        unit="qx",
        founded=Ago(3, 2),
        leader=LeaderSpec("徐浩然", M, date(1985, 12, 1), Sk.TECHNICIAN),
        direction="智能产线运维",
        trade="电气维修",
        members=3,
        designations=(named(YANGPU, 24, Ago(0, 11)),),
    ),
    WorkshopSpec(
        unit="yg",
        founded=Ago(5, 6),
        leader=LeaderSpec(
            "何丽萍",
            F,
            date(1982, 6, 18),
            Sk.NONE,
            (H(SH_MW, 2020),),
            title="高级工程师",
            education="本科",
            group=CADRE,
        ),
        direction="云平台运维",
        trade="系统运维",
        members=6,
        designations=(named(YANGPU, 5, Ago(2, 0, 200)),),
    ),
    WorkshopSpec(
        unit="xd",
        founded=Ago(6),
        leader=LeaderSpec("朱振宇", M, date(1983, 3, 27), Sk.SENIOR_TECHNICIAN),
        direction="汽车线束工艺",
        trade="线束装配",
        members=4,
        designations=(named(YANGPU, 2, Ago(2, 7)),),
    ),
    WorkshopSpec(
        unit="sy",
        founded=Ago(3, 6),
        leader=LeaderSpec("高秀英", F, date(1979, 12, 12), Sk.TECHNICIAN, (H(CITY_ADV, 2018),)),
        direction="冷链物流",
        trade="冷链仓储",
        members=3,
        designations=(named(YANGPU, 17, Ago(1, 2)),),
    ),
    WorkshopSpec(
        unit="rn",
        founded=Ago(2, 3),
        leader=LeaderSpec("罗文杰", M, date(1988, 4, 4), Sk.TECHNICIAN),
        direction="换热器检测",
        trade="无损检测",
        members=4,
        designations=(named(YANGPU, 26, Ago(0, 9)),),
    ),
    WorkshopSpec(
        unit="kj",
        founded=Ago(7),
        leader=LeaderSpec("梁思远", M, date(1984, 8, 16), Sk.SENIOR_TECHNICIAN, (H(SH_MW, 2020),)),
        direction="伺服控制",
        trade="电气自动化",
        members=5,
        designations=(named(YANGPU, 1, Ago(4, 4)),),
    ),
    WorkshopSpec(
        unit="sz",
        founded=Ago(8),
        leader=LeaderSpec(
            "宋伟民",
            M,
            date(1972, 11, 30),
            Sk.SENIOR_TECHNICIAN,
            (H(SH_MW, 2014), H(MAY_DAY, 2016)),
        ),
        direction="桥梁检测",
        trade="桥隧养护",
        members=6,
        designations=(named(YANGPU, 4, Ago(6, 1)),),
    ),
    WorkshopSpec(
        unit="zx",
        founded=Ago(4),
        leader=LeaderSpec(
            "唐佳怡",
            F,
            date(1987, 2, 2),
            Sk.TECHNICIAN,
            (H(CITY_ADV, 2021),),
            title="讲师",
            education="本科",
            group=CADRE,
        ),
        direction="汽修实训",
        trade="汽车维修",
        members=4,
        designations=(named(YANGPU, 14, Ago(2, 7)),),
    ),
    WorkshopSpec(
        unit="jy",
        founded=Ago(6),
        leader=LeaderSpec(
            "韩明辉",
            M,
            date(1976, 5, 5),
            Sk.NONE,
            (H(SH_MW, 2016),),
            title="高级教师",
            education="本科",
        ),
        direction="STEM课程开发",
        trade="教学研究",
        members=3,
        designations=(named(YANGPU, 7, Ago(3, 9)),),
    ),
)
