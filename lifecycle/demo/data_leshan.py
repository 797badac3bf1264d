"""The Leshan tree and its workshops, named by 乐山市总工会 under the 2020 notice [L].

Titles follow [L] 填表说明1: 单位 + 劳模姓名 + 劳模和工匠人才创新工作室 (built by the scheme).
These dates are fixed: the 2020 batch is history (deadline 2020-09-25, teams running ≥2 years).
"""

from __future__ import annotations

from datetime import date

from lifecycle.demo.spec import (
    LESHAN,
    ContactSpec,
    LeaderSpec,
    UnionSpec,
    WorkshopSpec,
    named,
    unit_union,
)
from lifecycle.persons.service import HonourInput as H
from lifecycle.vocab import ContactRole, Gender, Honour, RetirementGroup, UnionLevel, UnitNature
from lifecycle.vocab import SkillLevel as Sk

M, F = Gender.MALE, Gender.FEMALE
SHIZHONG_AREA = "511102"  # 四川省乐山市市中区
WUTONGQIAO_AREA = "511112"  # 四川省乐山市五通桥区
NAMED_ON = date(2020, 12, 18)

LESHAN_UNIONS: tuple[UnionSpec, ...] = (
    UnionSpec(
        "ls",
        "乐山市总工会",
        UnionLevel.CITY,
        doc_prefix="乐工",
        region_code="leshan",
        contacts=(
            ContactSpec("李红梅", "ls-officer@example.cn"),
            ContactSpec("杨帆", "ls-finance@example.cn", ContactRole.FINANCE),
        ),
    ),
    UnionSpec(
        "szq",
        "市中区总工会",
        UnionLevel.DISTRICT,
        "ls",
        doc_prefix="市中工",
        region_code="leshan-shizhong",
        id_area=SHIZHONG_AREA,
        contacts=(ContactSpec("何静", "szq-officer@example.cn"),),
    ),
    UnionSpec(
        "wtq",
        "五通桥区总工会",
        UnionLevel.DISTRICT,
        "ls",
        doc_prefix="五工",
        region_code="leshan-wutongqiao",
        id_area=WUTONGQIAO_AREA,
        contacts=(ContactSpec("曾建", "wtq-officer@example.cn"),),
    ),
    unit_union(
        "ls_dl",
        "szq",
        "乐山嘉州电力检修有限公司",
        UnitNature.STATE_OWNED,
        "四川省乐山市市中区嘉州大道168号",
    ),
    unit_union(
        "ls_yy",
        "szq",
        "乐山市市中区人民医院",
        UnitNature.PUBLIC_INSTITUTION,
        "四川省乐山市市中区白塔街22号",
    ),
    unit_union(
        "ls_jx",
        "szq",
        "乐山川南机械制造有限公司",
        UnitNature.NON_PUBLIC,
        "四川省乐山市市中区迎宾大道56号",
    ),
    unit_union(
        "ls_yh",
        "wtq",
        "乐山五通桥盐化有限公司",
        UnitNature.STATE_OWNED,
        "四川省乐山市五通桥区竹根镇盐码头路9号",
    ),
    unit_union(
        "ls_gy",
        "wtq",
        "乐山桥滩硅材料有限公司",
        UnitNature.NON_PUBLIC,
        "四川省乐山市五通桥区金粟镇工业园区3号",
    ),
)

LESHAN_WORKSHOPS: tuple[WorkshopSpec, ...] = (
    WorkshopSpec(
        unit="ls_dl",
        founded=date(2016, 3, 1),
        leader=LeaderSpec(
            "李德明",
            M,
            date(1972, 5, 16),
            Sk.SENIOR_TECHNICIAN,
            (H(Honour.PROVINCIAL_MODEL_WORKER, 2015),),
        ),
        direction="配网带电作业",
        trade="带电作业",
        members=5,
        designations=(named(LESHAN, 3, NAMED_ON),),
    ),
    WorkshopSpec(
        unit="ls_yy",
        founded=date(2017, 5, 12),
        leader=LeaderSpec(
            "张秀琴",
            F,
            date(1975, 9, 1),
            Sk.NONE,
            (H(Honour.NATIONAL_MAY_DAY_MEDAL, 2018),),
            title="主任护师",
            education="本科",
            group=RetirementGroup.FEMALE_CADRE,
        ),
        direction="护理技术创新",
        trade="临床护理",
        members=4,
        designations=(named(LESHAN, 7, NAMED_ON),),
    ),
    WorkshopSpec(
        unit="ls_jx",
        founded=date(2017, 9, 1),
        leader=LeaderSpec(
            "罗志勇", M, date(1980, 3, 3), Sk.SENIOR_TECHNICIAN, (H(Honour.CRAFTSMAN_TALENT, 2019),)
        ),
        direction="农机装备",
        trade="机械装配",
        members=4,
        designations=(named(LESHAN, 12, NAMED_ON),),
    ),
    WorkshopSpec(
        unit="ls_yh",
        founded=date(2015, 6, 1),
        leader=LeaderSpec(
            "陈光荣",
            M,
            date(1968, 12, 12),
            Sk.SENIOR_TECHNICIAN,
            (H(Honour.PROVINCIAL_MODEL_WORKER, 2005), H(Honour.NATIONAL_MODEL_WORKER, 2010)),
        ),
        direction="盐化工艺",
        trade="化工操作",
        members=6,
        designations=(named(LESHAN, 18, NAMED_ON),),
    ),
    WorkshopSpec(
        unit="ls_gy",
        founded=date(2018, 3, 15),
        leader=LeaderSpec(
            "胡晓峰",
            M,
            date(1985, 6, 6),
            Sk.TECHNICIAN,
            (H(Honour.CRAFTSMAN_TALENT, 2018), H(Honour.CITY_MODEL_WORKER, 2020)),
        ),
        direction="多晶硅还原",
        trade="化工操作",
        members=5,
        designations=(named(LESHAN, 24, NAMED_ON),),
    ),
    WorkshopSpec(
        unit="ls_yh",
        founded=date(2016, 8, 1),
        leader=LeaderSpec(
            "谢玉兰",
            F,
            date(1977, 4, 4),
            Sk.SENIOR_TECHNICIAN,
            (H(Honour.CITY_MODEL_WORKER, 2016),),
        ),
        direction="氯碱分析",
        trade="化学检验",
        members=4,
        designations=(named(LESHAN, 31, NAMED_ON),),
    ),
)
