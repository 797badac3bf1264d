"""The id of a record in a page's path: the API's range (``api.v1.common.IdPath``).

A number no record can have is a missing page (the Chinese 404), before any query: SQLite holds
64-bit integers only, and a larger one used to end as a 500 with an ``OverflowError``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

MAX_ID = 2_147_483_647
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
