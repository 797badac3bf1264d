"""Rule ids as the regulations' own citations: ``[Y16]`` → 《杨浦区…管理办法》第十六条 (DOMAIN.md).

Code and docstrings cite rules by short id; everything a user reads (pages, API messages, mails,
PDFs) passes through ``cite`` once, where it is rendered, so no bare id reaches a reader.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

# The regulations (seeds/README.md), by the letter of their short id.
TITLES = {
    "Y": "《杨浦区劳模（先进）、技师创新工作室管理办法》",
    "S": "《上海市“劳模创新工作室”管理办法（修订）》",
    "C": "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》",
    "G": "《关于开展2024年度“上海工匠”培养选树工作的通知》",
    "L": "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》",
}

# [Y16], [S9]; [C], [G], [L]; [C 三（六）], [G 五（三）], [C 附件3] (a notice's part after a space).
_CODE = re.compile(r"\[(?:([YSG])(\d{1,2})|([CGL])(?:\s+([^\[\]\s][^\[\]]{0,19}))?)\]")
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals as articles are numbered (十六, 二十一)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def citation(code: str) -> str:
    """One rule id (``[Y16]``, ``Y16``, ``[C 三（六）]``) as its citation; unknown ids as given."""
    text = code if code.startswith("[") else f"[{code}]"
    match = _CODE.fullmatch(text)
    return _render(match) if match else code


def _render(match: re.Match[str]) -> str:
    letter, number, whole, part = match.groups()
    if letter:
        return f"{TITLES[letter]}第{chinese_number(int(number))}条"
    return TITLES[whole] + (part or "")


def cite(text: str) -> str:
    """``text`` with every rule id replaced by its citation (adjacent ids joined by 、)."""
    return text if "[" not in text else _cited(text)


@lru_cache(maxsize=4096)  # the same articles, cited for every title and finding
def _cited(text: str) -> str:
    cited = _CODE.sub(lambda m: "\x00" + _render(m) + "\x01", text)
    return cited.replace("\x01\x00", "、").replace("\x00", "").replace("\x01", "")


def finalize(value: object) -> object:
    """Jinja's ``finalize``: every string a template prints is cited (markup stays markup)."""
    if isinstance(value, Markup):
        return Markup(cite(str(value)))  # noqa: S704 - the markup was already escaped
    if isinstance(value, str):
        return cite(value)
    return value
