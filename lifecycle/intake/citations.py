"""Rule ids' article codes ([Y3], [S7], [C], [L]) as the Chinese citation a reader expects."""

from __future__ import annotations

import re

SOURCES = {
    "Y": "《杨浦区劳模（先进）、技师创新工作室管理办法》",
    "S": "《上海市“劳模创新工作室”管理办法（修订）》",
    "C": "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》",
    "L": "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》",
    "G": "《2024年度“上海工匠”培养选树工作的通知》",
}
_CODE = re.compile(r"^\[([YSCLG])\s*(\d+)?[^\]]*\]$")
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (第二十四条)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def cite(article: str) -> str:
    """「[Y3]」 → 《杨浦区…管理办法》第三条; an unknown code is returned as it is."""
    m = _CODE.match(article.strip())
    if not m:
        return article
    source = SOURCES[m.group(1)]
    return f"{source}第{chinese_number(int(m.group(2)))}条" if m.group(2) else source


def with_citation(message: str, article: str) -> str:
    """The rule's message ending with its Chinese citation (once)."""
    citation = cite(article)
    return message if not citation or citation in message else f"{message}（{citation}）"
