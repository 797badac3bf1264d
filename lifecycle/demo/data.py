"""The demo data: the Shanghai union tree here, the workshops in the data_* modules beside it.

Everything is plain data. Dates are ``Ago(...)`` offsets from the reference day (the CLI passes
today in Asia/Shanghai, tests a fixed day) so the interesting situations always show; the few
fixed dates are history that does not move (e.g. the Leshan 2020 naming).
"""

from __future__ import annotations

from dataclasses import replace

from lifecycle.demo.data_city import CITY_WORKSHOPS
from lifecycle.demo.data_leshan import LESHAN_UNIONS, LESHAN_WORKSHOPS
from lifecycle.demo.data_yangpu import YANGPU_WORKSHOPS
from lifecycle.demo.spec import ContactSpec, UnionSpec, WorkshopSpec
from lifecycle.demo.spec import unit_union as _unit
from lifecycle.vocab import ContactRole, UnionLevel, UnitNature

CITY = UnionLevel.CITY
DISTRICT = UnionLevel.DISTRICT
SECTOR = UnionLevel.SECTOR
FINANCE = ContactRole.FINANCE

STATE = UnitNature.STATE_OWNED
PRIVATE = UnitNature.NON_PUBLIC
INSTITUTION = UnitNature.PUBLIC_INSTITUTION

YANGPU_AREA = "310110"  # 上海市杨浦区
PUDONG_AREA = "310115"  # 上海市浦东新区


SHANGHAI_UNIONS: tuple[UnionSpec, ...] = (
    UnionSpec(
        "sh",
        "上海市总工会",
        CITY,
        doc_prefix="沪工",
        region_code="shanghai",
        contacts=(
            ContactSpec("沈晓燕", "sh-officer@example.cn"),
            ContactSpec("陆文斌", "sh-finance@example.cn", FINANCE),
        ),
    ),
    UnionSpec(
        "yp",
        "杨浦区总工会",
        DISTRICT,
        "sh",
        doc_prefix="杨工创",
        region_code="yangpu",
        id_area=YANGPU_AREA,
        contacts=(
            ContactSpec("王敏", "yp-officer@example.cn"),
            ContactSpec("顾佳", "yp-finance@example.cn", FINANCE),
        ),
    ),
    UnionSpec(
        "wjc",
        "五角场街道总工会",
        SECTOR,
        "yp",
        contacts=(ContactSpec("邵文华", "wjc-officer@example.cn"),),
    ),
    UnionSpec(
        "kjl",
        "控江路街道总工会",
        SECTOR,
        "yp",
        contacts=(ContactSpec("范丽君", "kjl-officer@example.cn"),),
    ),
    UnionSpec(
        "edu",
        "杨浦区教育工会",  # 直属工会
        SECTOR,
        "yp",
        contacts=(ContactSpec("毛建英", "yp-edu@example.cn"),),
    ),
    UnionSpec(
        "park",
        "杨浦区科技园区工会",  # 行业工会
        SECTOR,
        "yp",
        contacts=(ContactSpec("钟一凡", "yp-park@example.cn"),),
    ),
    replace(
        _unit("rn", "wjc", "上海杨浦热能设备有限公司", STATE, "上海市杨浦区国权北路1288号"),
        contacts=(ContactSpec("赵静", "rn-contact@example.cn"),),
    ),
    _unit("sy", "wjc", "上海五角场商业集团有限公司", STATE, "上海市杨浦区淞沪路88号"),
    _unit("xd", "wjc", "上海新达汽车零部件有限公司", PRIVATE, "上海市杨浦区政立路455号"),
    _unit("kj", "kjl", "上海控江机电制造有限公司", STATE, "上海市杨浦区控江路1555号"),
    _unit("sz", "kjl", "上海杨浦市政养护工程有限公司", STATE, "上海市杨浦区靖宇东路210号"),
    _unit("zx", "edu", "上海市杨浦职业技术学校", INSTITUTION, "上海市杨浦区周家嘴路3601号"),
    _unit("jy", "edu", "上海市杨浦区教育学院", INSTITUTION, "上海市杨浦区松花江路69号"),
    _unit("qx", "park", "上海启新智能科技有限公司", PRIVATE, "上海市杨浦区国定东路200号"),
    _unit("yg", "park", "上海云谷数据服务有限公司", PRIVATE, "上海市杨浦区长阳路1687号"),
    # A second district, so that scope (nobody sees another district's data) can be explored.
    UnionSpec(
        "pd",
        "浦东新区总工会",
        DISTRICT,
        "sh",
        doc_prefix="浦工",
        region_code="pudong",
        id_area=PUDONG_AREA,
        contacts=(
            ContactSpec("施永红", "pd-officer@example.cn"),
            ContactSpec("倪俊", "pd-finance@example.cn", FINANCE),
        ),
    ),
    UnionSpec(
        "zj",
        "张江镇总工会",
        SECTOR,
        "pd",
        contacts=(ContactSpec("秦嘉禾", "zj-officer@example.cn"),),
    ),
    _unit("zw", "zj", "上海张江微电子装备有限公司", PRIVATE, "上海市浦东新区张衡路1000号"),
    _unit("pg", "zj", "上海浦东港机工程有限公司", STATE, "上海市浦东新区川桥路700号"),
    # An industry association: recommends its members for 上海工匠 with an account of its own [G].
    UnionSpec(
        "mj",
        "上海市模具行业协会",
        UnionLevel.ASSOCIATION,
        "sh",
        contacts=(ContactSpec("周文", "mj-assoc@example.cn"),),
    ),
)

UNIONS: tuple[UnionSpec, ...] = SHANGHAI_UNIONS + LESHAN_UNIONS
UNIONS_BY_KEY: dict[str, UnionSpec] = {u.key: u for u in UNIONS}
WORKSHOPS: tuple[WorkshopSpec, ...] = YANGPU_WORKSHOPS + CITY_WORKSHOPS + LESHAN_WORKSHOPS
