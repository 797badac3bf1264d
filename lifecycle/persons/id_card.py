"""Chinese resident ID-card numbers (GB 11643-1999): checksum validation and masking."""

from __future__ import annotations

from datetime import date

from lifecycle.validation import ascii_digits
from lifecycle.vocab import Gender

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_card_check_char(first17: str) -> str:
    """The 18th character of an ID-card number from its first 17 digits [GB 11643]."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def id_card_gender(number: str) -> Gender:
    """The gender a valid number carries: its 17th digit (the sequence code) is odd for a man,
    even for a woman [GB 11643 4.3]."""
    return Gender.MALE if int(number[16]) % 2 else Gender.FEMALE


def id_card_problem(
    number: str, birth_date: date | None = None, gender: Gender | None = None
) -> str | None:
    """Why `number` is not a valid 18-digit ID-card number, in Chinese (or disagrees with the
    birth date or gender typed beside it; None: not compared); None when it is."""
    if len(number) != 18 or not ascii_digits(number[:17]) or number[17] not in "0123456789Xx":
        return "身份证号码应为18位（最后一位可为X）"
    if id_card_check_char(number[:17]) != number[17].upper():
        return "身份证号码校验位不正确"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效"
    if birth_date is not None and born != birth_date:
        return "身份证号码中的出生日期与出生日期不一致"
    if gender is not None and id_card_gender(number) != gender:
        carried = "男" if id_card_gender(number) == Gender.MALE else "女"
        return f"身份证号码第17位表示性别为{carried}，与所填性别不一致"
    return None


def id_number_tail(term: str) -> str | None:
    """The end of an ID number a search word names: 4 characters (digits, the last possibly X),
    what a masked number shows at its end (3101**********0018); None for any other word (a
    name). Never the whole number: a page would echo it in its search box and links."""
    word = term.strip().upper()
    if len(word) == 4 and ascii_digits(word[:3]) and (ascii_digits(word[3]) or word[3] == "X"):
        return word
    return None


def mask_id_card(number: str | None) -> str | None:
    """Show only the first 4 and last 4 characters: 3101**********1234."""
    if not number:
        return None
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def is_masked(text: str) -> bool:
    """Whether ``text`` is an ID number as shown (3101**********1234), not a number at all."""
    return "*" in text
