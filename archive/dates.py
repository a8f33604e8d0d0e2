"""Dates written in Chinese numerals, read as digits."""

from __future__ import annotations

import re

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_DATE = re.compile("([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")


def _cn_number(s: str) -> int:
    """Read a Chinese numeral up to 99 (十二, 二十一, 三十)."""
    if "十" not in s:
        return CN_DIGITS.get(s, 0)
    tens, _, ones = s.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def arabic_dates(text: str) -> str:
    """Write dates in Chinese numerals (二〇二一年三月五日) with digits, for the date rules."""

    def repl(m: re.Match[str]) -> str:
        year = "".join(str(CN_DIGITS[c]) for c in m.group(1))
        out = f"{year}年{_cn_number(m.group(2))}月"
        return out + (f"{_cn_number(m.group(3))}日" if m.group(3) else "")

    return CN_DATE.sub(repl, text)


CN_MONTH_DAY = re.compile("(?<![〇零○Ｏ一二三四五六七八九十年])([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")


def arabic_month_days(text: str) -> str:
    """Write a month and day in Chinese numerals with no year (十月五日) with digits (10月5日)."""
    return CN_MONTH_DAY.sub(lambda m: f"{_cn_number(m.group(1))}月{_cn_number(m.group(2))}日", text)


THIS_MONTH_DAY = re.compile("本月(\\d{1,2}|[一二三四五六七八九十]{1,3})日")


def this_month_days(text: str, month: int) -> str:
    """Write a day of this month (本月十日, 本月5日) as a month and day (8月10日), the month being the page's."""
    return THIS_MONTH_DAY.sub(
        lambda m: f"{month}月{m.group(1) if m.group(1).isdigit() else _cn_number(m.group(1))}日", text)
