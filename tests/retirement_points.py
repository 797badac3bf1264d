"""Check points of the official comparison tables of 《国务院关于渐进式延迟法定退休年龄的办法》.

Shared by the rule's unit tests and the person API test: (group, (birth year, month), years,
months[, (retirement year, month)]).
"""

from __future__ import annotations

from lifecycle.vocab import RetirementGroup

M = RetirementGroup.MALE
FC = RetirementGroup.FEMALE_CADRE
FW = RetirementGroup.FEMALE_WORKER

CHECK_POINTS = [
    (M, (1965, 1), 60, 1, (2025, 2)),
    (M, (1965, 5), 60, 2, (2025, 7)),
    (M, (1966, 1), 60, 4, (2026, 5)),
    (M, (1976, 9), 63, 0, (2039, 9)),
    (M, (1964, 12), 60, 0, (2024, 12)),
    (FC, (1970, 1), 55, 1, (2025, 2)),
    (FC, (1981, 9), 58, 0, (2039, 9)),
    (FW, (1975, 3), 50, 2, (2025, 5)),
    (FW, (1984, 11), 55, 0, (2039, 11)),
    (FW, (1974, 12), 50, 0, (2024, 12)),
]
CHECK_POINT_IDS = [
    "man-1965-01-first-step",
    "man-1965-05-second-step",
    "man-1966-01",
    "man-1976-09-capped-63",
    "man-1964-12-old-age",
    "woman-cadre-1970-01-first-step",
    "woman-cadre-1981-09-capped-58",
    "woman-worker-1975-03-second-step",
    "woman-worker-1984-11-capped-55",
    "woman-worker-1974-12-old-age",
]
STEP_BOUNDARIES = [
    (M, (1965, 4), 60, 1),
    (M, (1976, 8), 62, 11),
    (M, (1976, 4), 62, 10),
    (FC, (1970, 5), 55, 2),
    (FW, (1975, 2), 50, 1),
    (FW, (1984, 10), 54, 11),
    (FW, (1984, 8), 54, 10),
    (FW, (1990, 1), 55, 0),
]
STEP_BOUNDARY_IDS = [
    "man-1965-04-end-of-first-step",
    "man-1976-08-one-below-cap",
    "man-1976-04-two-below-cap",
    "woman-cadre-1970-05",
    "woman-worker-1975-02-end-of-first-step",
    "woman-worker-1984-10-one-below-cap",
    "woman-worker-1984-08-two-below-cap",
    "woman-worker-1990-01-after-cap",
]
