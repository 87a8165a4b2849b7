"""Chinese numerals as integers: 二十一 -> 21, 一百零五 -> 105, 三千 -> 3000, 两万 -> 20000."""
from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_to_int(text: str) -> int | None:
    """The integer a Chinese numeral names, or None if `text` is not one.

    Handles 十 at the start (十一 = 11), 零 between groups (一千零十七 = 1017), 两, and 万/亿
    groups. Plain digit strings in the numeral (二〇二二) are read digit by digit.
    """
    if not text or any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in LARGE_UNITS for ch in text):
        return None
    if all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in "零〇":
            digit = None  # a placeholder between groups: 一千零十七 = 1000 + 17
        elif ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            if section == 0 and total == 0:
                return None  # a bare 万 or 亿 is not a number
            total = (total + section) * LARGE_UNITS[ch] if LARGE_UNITS[ch] > 10_000 else total + section * LARGE_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def ordinal_value(token: str) -> int | None:
    """The number of a list marker's numeral: '3', '三', '⑤', '３'."""
    token = token.translate(FULLWIDTH_DIGITS)
    if token.isascii() and token.isdigit():
        return int(token)
    if len(token) == 1 and token in CIRCLED:
        return CIRCLED.index(token) + 1
    return chinese_to_int(token)
