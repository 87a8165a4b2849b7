"""Who files: fictional counties and cities in real provinces, the department, the filer, the
budget year and the fill date."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# province, abbreviation used in document numbers, area-code prefix
PROVINCES = [
    ("湖南省", "湘", "07"), ("江西省", "赣", "07"), ("四川省", "川", "08"), ("河南省", "豫", "03"),
    ("湖北省", "鄂", "07"), ("安徽省", "皖", "05"), ("广西壮族自治区", "桂", "07"), ("云南省", "云", "08"),
    ("贵州省", "黔", "08"), ("山东省", "鲁", "05"), ("河北省", "冀", "03"), ("陕西省", "陕", "09"),
    ("甘肃省", "甘", "09"), ("福建省", "闽", "05"), ("浙江省", "浙", "05"), ("山西省", "晋", "03"),
    ("吉林省", "吉", "04"), ("辽宁省", "辽", "04"), ("广东省", "粤", "07"), ("重庆市", "渝", "02"),
    ("内蒙古自治区", "内", "04"), ("宁夏回族自治区", "宁", "09"), ("黑龙江省", "黑", "04"), ("江苏省", "苏", "05"),
]

_FIRST = "青桐沅临清云石安永宁平泽兴华南北东西长丰和盛潭岳嘉龙凤梅松柳荷溪林河山"
_SECOND = "岚溪北川阳江源水平城安宁丰远山峰陵谷湖泉州坪塘桥关"
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石"
    "廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = (
    "文静晓燕立新伟芳娜敏强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉梅红建国志军海燕春雷"
    "东亮丽萍海峰俊凯欣怡子涵浩然思远雅琴德华"
)


@dataclass
class Profile:
    province: str
    abbr: str
    place: str  # 青岚县 / 临江市
    level: str  # county | city
    sector: str
    department: str  # 青岚县教育局
    short: str  # 教育局
    year: int
    fill_date: date
    filler: str
    phone: str

    @property
    def ref_prefix(self) -> str:
        return self.abbr


def place_name(rng: random.Random, level: str) -> str:
    a = rng.choice(_FIRST)
    b = rng.choice([c for c in _SECOND if c != a])
    return a + b + ("县" if level == "county" else rng.choice(["市", "市"]))


def person(rng: random.Random) -> str:
    given = rng.choice([1, 2, 2])
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(given))


def phone(rng: random.Random, prefix: str) -> str:
    if rng.random() < 0.2:
        return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))
    area = prefix + "".join(rng.choice("0123456789") for _ in range(2))
    return f"{area}-{rng.randint(2, 8)}{''.join(rng.choice('0123456789') for _ in range(6))}"


def fill_date_for(rng: random.Random, year: int) -> date:
    """Most filings are written in spring of the next year; some in summer."""
    start = date(year + 1, 1, 20)
    return start + timedelta(days=rng.choice([rng.randint(20, 120), rng.randint(20, 120), rng.randint(120, 200)]))


def make_profile(rng: random.Random, sector: str, short_names: list[str]) -> Profile:
    province, abbr, prefix = rng.choice(PROVINCES)
    level = "county" if rng.random() < 0.7 else "city"
    place = place_name(rng, level)
    short = rng.choice(short_names)
    if province.endswith("市") and level == "city":  # a municipality's district
        place = place[:-1] + "区"
    year = rng.randint(2018, 2025)
    return Profile(
        province=province, abbr=abbr, place=place, level=level, sector=sector,
        department=place + short, short=short, year=year, fill_date=fill_date_for(rng, year),
        filler=person(rng), phone=phone(rng, prefix),
    )


def date_text(d: date, style: str = "cn") -> str:
    return f"{d.year}年{d.month}月{d.day}日"
