"""How a union path is written (its own module: the command line's help names it without
loading the workbook's sheets)."""

from __future__ import annotations

# Union paths name each level from the top, e.g. 上海市总工会/杨浦区总工会/某公司工会.
PATH_SEPARATOR = "/"
