"""The synthetic registry's rows, table by table: the shape ``bench.synthetic`` describes."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

AS_OF = date(2026, 11, 21)  # the registry's "today"
CREATED = datetime(2026, 1, 1, tzinfo=UTC)

SCHEMES = (("yangpu-district", 55), ("shanghai-model-worker", 30), ("shanghai-craftsman", 15))
STATUSES = (("named", 92), ("rectifying", 2), ("revoked", 3), ("exited", 3))
NAMING_FROM = date(2020, 1, 1)
NAMING_DAYS = (date(2026, 6, 30) - NAMING_FROM).days


@dataclass(frozen=True)
class Shape:
    """How many of each level a registry of ``designations`` gets."""

    designations: int
    districts: int
    sectors_per_district: int
    units: int

    @classmethod
    def for_size(cls, n: int) -> Shape:
        # 150,000 designations: 15 districts, 150 sectors, 3,000 units (~3,170 unions).
        districts = max(2, min(100, n // 10_000))
        return cls(n, districts, 10, max(districts * 10, n // 50))


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    pick = rng.randrange(100)
    for value, weight in table:
        if pick < weight:
            return value
        pick -= weight
    return table[-1][0]


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


class Rows:
    """Every row of the synthetic registry, table by table, generated lazily."""

    def __init__(self, shape: Shape, seed: int) -> None:
        self.shape = shape
        self.seed = seed
        self.district_ids = list(range(2, 2 + shape.districts))
        first_sector = 2 + shape.districts
        n_sectors = shape.districts * shape.sectors_per_district
        self.sector_ids = list(range(first_sector, first_sector + n_sectors))
        first_unit = first_sector + n_sectors
        self.unit_ids = list(range(first_unit, first_unit + shape.units))
        self.parent: dict[int, int] = dict.fromkeys(self.district_ids, 1)
        for i, s in enumerate(self.sector_ids):
            self.parent[s] = self.district_ids[i // shape.sectors_per_district]
        for i, u in enumerate(self.unit_ids):
            self.parent[u] = self.sector_ids[i % n_sectors]

    def path(self, union_id: int) -> str:
        chain = [union_id]
        while chain[-1] in self.parent:
            chain.append(self.parent[chain[-1]])
        return "/" + "/".join(str(u) for u in reversed(chain)) + "/"

    def unions(self) -> Iterator[dict[str, Any]]:
        yield self._union(1, "上海市总工会", "city", None, "沪工创")
        for i, d in enumerate(self.district_ids, 1):
            yield self._union(d, f"第{i}区局工会", "district", 1, f"区{i}工创")
        for i, s in enumerate(self.sector_ids, 1):
            yield self._union(s, f"第{i}街镇工会", "sector", self.parent[s], None)
        for i, u in enumerate(self.unit_ids, 1):
            yield self._union(u, f"第{i}单位工会", "unit", self.parent[u], None)

    def _region(self, uid: int) -> str | None:
        """The tree is Shanghai's and its first district Yangpu, whose pack every district uses
        here: a scheme filter accepts only the programmes of the caller's own city tree."""
        if uid == 1:
            return "shanghai"
        return "yangpu" if uid == self.district_ids[0] else None

    def _union(
        self, uid: int, name: str, level: str, parent: int | None, prefix: str | None
    ) -> dict[str, Any]:
        return {
            "id": uid,
            "name": name,
            "level": level,
            "parent_id": parent,
            "path": self.path(uid),
            "doc_prefix": prefix,
            "region_code": self._region(uid),
            "created_at": CREATED,
        }

    def contacts(self) -> Iterator[dict[str, Any]]:
        cid = 0
        for uid in [1, *self.district_ids, *self.sector_ids, *self.unit_ids]:
            # Three contacts a union (~10,000 at 150,000 designations); districts have finance.
            district = uid in self.parent and self.parent[uid] == 1
            roles = ("officer", "officer", "finance") if district else ("officer",) * 3
            for k, role in enumerate(roles):
                cid += 1
                yield {
                    "id": cid,
                    "union_id": uid,
                    "name": f"联系人{cid}",
                    "email": f"contact{cid}.{k}@union{uid}.example.cn",
                    "role": role,
                    "phone": None,
                }

    def designation_facts(self) -> Iterator[tuple[int, str, str, date, int]]:
        """(id, scheme, status, naming date, unit union) per designation, deterministic."""
        rng = random.Random(self.seed)
        units = self.unit_ids
        for did in range(1, self.shape.designations + 1):
            scheme = _weighted(rng, SCHEMES)
            status = _weighted(rng, STATUSES)
            named = NAMING_FROM + timedelta(days=rng.randrange(NAMING_DAYS))
            yield did, scheme, status, named, units[(did - 1) % len(units)]

    def persons(self) -> Iterator[dict[str, Any]]:
        rng = random.Random(self.seed + 1)
        for did in range(1, self.shape.designations + 1):
            male = rng.random() < 0.7
            born = date(1962, 1, 1) + timedelta(days=rng.randrange(365 * 28))
            yield {
                "id": did,
                "name": f"领衔人{did}",
                "gender": "male" if male else "female",
                "birth_date": born,
                "retirement_group": "male" if male else "female_cadre",
                "id_card_number": None,
                "is_union_member": True,
                "union_id": None,
                "employer": None,
                "employment_status": "employed",
                "skill_level": "technician",
                "professional_title": None,
                "education": None,
                "created_at": CREATED,
            }

    def workshops(self) -> Iterator[dict[str, Any]]:
        for did, _, _, named, unit in self.designation_facts():
            yield {
                "id": did,
                "name": f"创新工作室{did}",
                "host_unit_name": f"单位{unit}",
                "host_unit_nature": "state_owned" if did % 3 else "non_public",
                "unit_union_id": unit,
                "address": None,
                "venue_area_sqm": None,
                "specialty": None,
                "innovation_direction": None,
                "founded_on": named - timedelta(days=800),
                "leader_person_id": did,
                "description": None,
                "created_at": CREATED,
            }

    def designations(self) -> Iterator[dict[str, Any]]:
        for did, scheme, status, named, unit in self.designation_facts():
            district = self.parent[self.parent[unit]]
            ended = named + timedelta(days=400) if status in ("revoked", "exited") else None
            if ended is not None and ended > AS_OF:
                ended = AS_OF - timedelta(days=10)
            yield {
                "id": did,
                "workshop_id": did,
                "scheme_code": scheme,
                "number": f"{named.year}-{did:07d}",
                "title": f"创新工作室{did}",
                "status": status,
                "applied_on": named - timedelta(days=120),
                "naming_date": named,
                "ended_on": ended,
                "naming_union_id": district if scheme == "yangpu-district" else 1,
                "district_union_id": district,
                "recommended_from_id": None,
                "version": 1,
                "created_at": CREATED,
                "updated_at": CREATED,
            }

    def history(self) -> dict[str, Iterator[dict[str, Any]]]:
        """Filings, 考核, inspections and ledgers, one generator per table."""
        return {
            "yearly_filings": self._filings(),
            "annual_assessments": self._assessments(),
            "inspections": self._inspections(),
            "ledger_projects": self._projects(),
            "ledger_achievements": self._achievements(),
        }

    def _owed_years(self, named: date) -> range:
        first = named.year if named <= date(named.year, 6, 30) else named.year + 1
        return range(first, AS_OF.year)

    def _filings(self) -> Iterator[dict[str, Any]]:
        rng = random.Random(self.seed + 2)
        fid = 0
        for did, scheme, _, named, _ in self.designation_facts():
            if scheme != "yangpu-district":
                continue
            for year in self._owed_years(named):
                for kind in ("self_check", "unit_evaluation"):
                    if rng.random() < 0.95:
                        fid += 1
                        yield {
                            "id": fid,
                            "designation_id": did,
                            "year": year,
                            "kind": kind,
                            "filed_on": date(year, 12, 10),
                            "file_id": None,
                            "filed_by": "单位工会",
                            "note": None,
                            "created_at": CREATED,
                        }

    def _assessments(self) -> Iterator[dict[str, Any]]:
        rng = random.Random(self.seed + 3)
        aid = 0
        for did, scheme, _, named, _ in self.designation_facts():
            if scheme == "yangpu-district":
                continue
            for year in self._owed_years(named):
                if rng.random() < 0.95:
                    aid += 1
                    yield {
                        "id": aid,
                        "designation_id": did,
                        "year": year,
                        "outcome": "passed",
                        "unit_passed": True,
                        "unit_on": date(year, 12, 15),
                        "unit_signer": "单位工会",
                        "unit_opinion": None,
                        "district_passed": True,
                        "district_on": date(year, 12, 20),
                        "district_signer": "区局工会",
                        "district_opinion": None,
                        "city_revoke": None,
                        "city_on": None,
                        "city_signer": None,
                        "city_opinion": None,
                        "decision_ref": None,
                        "version": 1,
                        "created_at": CREATED,
                    }

    def _inspections(self) -> Iterator[dict[str, Any]]:
        rng = random.Random(self.seed + 4)
        iid = 0
        for did, scheme, _, named, _ in self.designation_facts():
            if scheme != "yangpu-district":
                continue
            k = 1
            while (end := _add_years(named, 3 * k)) <= AS_OF:
                if rng.random() < 0.9:
                    iid += 1
                    yield {
                        "id": iid,
                        "designation_id": did,
                        "kind": "cycle_end",
                        "cycle_no": k,
                        "notice_id": None,
                        "scheduled_on": end - timedelta(days=10),
                        "place": "工作室",
                        "inspectors": "检查组",
                        "scheduled_by": "区局工会",
                        "result": "pass",
                        "recorded_on": end - timedelta(days=10),
                        "recorded_by": "区局工会",
                        "summary": None,
                        "version": 1,
                        "created_at": CREATED,
                    }
                k += 1

    def _projects(self) -> Iterator[dict[str, Any]]:
        rng = random.Random(self.seed + 5)
        pid = 0
        for did, scheme, _, _, _ in self.designation_facts():
            if scheme != "yangpu-district":
                continue
            for year in (AS_OF.year - 1, AS_OF.year):
                if rng.random() < 0.8:
                    pid += 1
                    yield {
                        "id": pid,
                        "workshop_id": did,
                        "year": year,
                        "title": f"{year}年攻关项目",
                        "work_plan": None,
                        "started_on": None,
                        "recognised": False,
                        "tied_to_main_business": True,
                        "entered_by": "单位工会",
                        "created_at": CREATED,
                    }

    def _achievements(self) -> Iterator[dict[str, Any]]:
        rng = random.Random(self.seed + 6)
        aid = 0
        for did, scheme, _, _, _ in self.designation_facts():
            if scheme != "yangpu-district" or rng.random() >= 0.7:
                continue
            aid += 1
            yield {
                "id": aid,
                "workshop_id": did,
                "kind": "utility_patent",
                "title": "实用新型专利",
                "achieved_on": AS_OF - timedelta(days=rng.randrange(900)),
                "economic_benefit_fen": 1_000_000,
                "social_benefit": None,
                "applied_in_production": True,
                "recognised": True,
                "city_level_award": False,
                "entered_by": "单位工会",
                "created_at": CREATED,
            }
