"""Agencies, places and dates: the general rules, on small texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archive.agencies import Place, canonical_agency, detect_place, find_agencies, places_in, sole_county
from archive.extract import NOT_TOWNS, TOWN_OPENING, _speaking_for, _with_its_town, agency_counts
from archive.pipeline import BuildConfig, build

LIAOCHENG = Place("山东省", "聊城市")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者从市工信局了解到，工信部近日公示", ["市工信局", "工信部"]),
        ("12月2日，在平度市驻京流动党员党委书记翟杰告诉记者", ["平度市驻京流动党员党委"]),
        ("区纪工委监工委坚决贯彻落实区党工委、管委会", ["区纪工委监工委", "区党工委"]),
        ("全省工信系统立足职责使命，市县工信部门", []),
        ("我市高度重视乡镇商贸中心建设工作", []),
        ("滨州市市场监督管理局组织执法人员", ["滨州市市场监督管理局"]),
        ("从滨州市住房和城乡建设局获悉", ["滨州市住房和城乡建设局"]),
        ("五莲县举办农民丰收节活动", []),
        # department names holding a level character (乡村, 城市, 城乡) run on past it
        ("云南省乡村振兴局发布，县城市管理局配合", ["云南省乡村振兴局", "县城市管理局"]),
        ("市城乡规划局与全县乡村振兴工作", ["市城乡规划局"]),
        # 地区 opens a prefecture's department (Xinjiang, Tibet), not after 全, 贫困, 该
        ("据地区文化体育广播电视和旅游局统计，全地区贫困地区教育局", ["地区文化体育广播电视和旅游局"]),
        # two names written together are two, however long their words (a heading run into its text)
        ("区人力资源和社会保障局区人力资源和社会保障局围绕", ["区人力资源和社会保障局", "区人力资源和社会保障局"]),
        # a hall named after the body is a place, not a mention of it
        ("大会在县政府礼堂召开，县纪委书记通报案例", ["县纪委"]),
        # a former post (原党组成员) is no 党组 of the bureau
        ("通报了县自然资源和规划局原党组成员胡某某案", ["县自然资源和规划局"]),
        # a banner's, a league's and a prefecture's bodies written bare (旗农牧局, 盟林草局, 州医保局); 州 and 盟
        # end many places' names, so they open one only after a break or a preposition
        ("旗农牧局组织防疫人员，记者从盟林草局获悉", ["旗农牧局", "盟林草局"]),
        ("州医保局：在杭州参加会议，五星红旗委员会", ["州医保局"]),
        # a party committee's study group is the committee's
        ("旗委理论学习中心组召开集体学习会议", ["旗委理论学习中心组"]),
        # 和 inside a department's name, right before its last word and suffix
        ("百色市文化广电体育和旅游局发布公告，旗科学技术协会联合旗农牧和科技局", ["百色市文化广电体育和旅游局", "旗科学技术协会", "旗农牧和科技局"]),
        # a town's Party committee by its full name, after a preposition
        ("在中共勐勐镇委员会十五届四次全体会议上", ["中共勐勐镇委员会"]),
        ("区消防救援大队联合区安委会", ["区消防救援大队", "区安委会"]),
        # a federation by its full name (联合会), and the overseas Chinese one not cut at its short form's 侨联
        ("宝塔区残疾人联合会联合区卫健局，县归国华侨联合会", ["宝塔区残疾人联合会", "区卫健局", "县归国华侨联合会"]),
        # a supply and marketing federation, and a prefecture commissioner's office's bureau (专署, 行署)
        ("区供销联社召开会议，专署水利局、行署农牧局参加", ["区供销联社", "专署水利局", "行署农牧局"]),
        ("经专署批准，执行署名制度", []),
        # the 区 of a zone's name (试验区) opens no bare name after it (not 区管委)
        ("市开发区、叶集试验区管委", ["市开发区"]),
    ],
)
def test_find_agencies(text: str, expected: list[str]) -> None:
    assert [m.surface for m in find_agencies(text)] == expected


@pytest.mark.parametrize(
    ("surface", "place", "expected"),
    [
        ("省工信厅", LIAOCHENG, "山东省工业和信息化厅"),
        ("市政协", LIAOCHENG, "聊城市政协"),
        ("省政协机关", LIAOCHENG, "山东省政协"),
        ("高新区", LIAOCHENG, "聊城高新区"),
        ("省卫健委", Place("河南省", "郑州市"), "河南省卫健委"),
        ("市政协", Place("山东省", None), "市政协"),
        # a county's bare names take the county, when the level is the county's own
        ("县水利局", Place("江西省", "九江市", "永修县"), "永修县水利局"),
        ("区卫生健康局", Place("广东省", "佛山市", "南海区"), "南海区卫生健康局"),
        ("区卫生健康局", Place("江西省", "九江市", "永修县"), "区卫生健康局"),
        ("县委", Place("江西省", "九江市", None), "县委"),
        ("旗委理论学习中心组", Place("内蒙古自治区", "鄂尔多斯市", "鄂托克前旗"), "鄂托克前旗委"),
        # an agency's desk is the agency; a body named for its desk keeps its name
        ("赣州市消防救援支队指挥中心", Place("江西省", "赣州市"), "赣州市消防救援支队"),
        ("县公安局指挥中心", Place("江西省", "赣州市", "宁都县"), "宁都县公安局"),
        ("市应急指挥中心", Place("江西省", "赣州市"), "赣州市应急指挥中心"),
        # an autonomous prefecture's bare names take its short form, as its bodies are called (红河州妇联)
        ("州妇联", Place("云南省", "红河哈尼族彝族自治州"), "红河州妇联"),
        ("州医保局", Place("吉林省", "延边朝鲜族自治州", "延吉市"), "延边州医保局"),
        ("州医保局", Place("浙江省", "杭州市"), "州医保局"),
    ],
)
def test_bare_names_are_qualified_by_the_documents_place(surface: str, place: Place, expected: str) -> None:
    assert canonical_agency(surface, place) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县委常委、县纪委书记、县监委主任刘某主持会议，县纪委通报", "县纪委监委"),
        ("通山县纪委、县监委联合开展督查", "通山县纪委监委"),
        ("市纪委书记和区监委主任出席", None),
    ],
)
def test_a_discipline_commission_and_its_supervisory_commission_are_one_body(text: str, expected: str | None) -> None:
    counts, _ = agency_counts(text, Place())
    joined = [a for a in counts if a.endswith("纪委监委")]
    assert joined == ([expected] if expected else [])


def test_a_banner_is_known_by_its_short_name() -> None:
    assert places_in("“乌珠穆沁”那达慕在西乌旗开幕") == ["西乌珠穆沁旗"]


def test_sole_county_is_the_one_county_a_text_names() -> None:
    assert sole_county("永修县水利局召开会议，县水利局局长出席") == "永修县"
    assert sole_county("永修县与都昌县联合开展") is None
    assert sole_county("永修县水利局", city="赣州市") is None


def test_detect_place_prefers_the_city_named_most() -> None:
    text = "聊城市召开会议。聊城高新区、东阿县、冠县参加。济南市派员指导。聊城各县区落实。"
    place = detect_place(text)
    assert place.province == "山东省" and place.city == "聊城市"


def test_sidecar_metadata_overrides_inference(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    raw = "县里召开会议\n\n今年以来，我县深入推进农村人居环境整治，村庄环境面貌明显改善。\n"
    (seeds / "note.txt").write_text(raw, encoding="utf-8")
    (seeds / "note.meta.yaml").write_text(
        "date: 2021-05-06\nagency: 临沂市农业农村局\npublication: 临沂日报\nurl: https://example.org/a\n", encoding="utf-8"
    )
    result = build(BuildConfig(seeds, tmp_path / "content", tmp_path / "site", search=False))
    (report,) = result.reports
    assert report.date == "2021-05-06" and report.date_basis == "supplied" and report.date_precision == "day"
    assert report.agency == "临沂市农业农村局"
    assert ("publication", "临沂日报") in report.source_meta
    assert not any(n.level == "skip" for n in result.notices)


def test_year_is_never_invented(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("某县开展春季植树活动\n\n3月12日，某县组织干部群众义务植树，共植树1万余株。\n", encoding="utf-8")
    result = build(BuildConfig(seeds, tmp_path / "content", tmp_path / "site", search=False))
    assert [r.date for r in result.reports] == ["--03-12"]


def test_build_over_samples_names_nothing_skipped(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", seeds)
    result = build(BuildConfig(seeds, tmp_path / "content", tmp_path / "site", search=False))
    assert sorted(result.read) == sorted(p.name for p in seeds.iterdir())
    assert all(r.agency for r in result.reports)


def test_forward_looking_dates_do_not_date_a_text() -> None:
    from archive.extract import stated_year

    assert stated_year("到2025年，全市建成高标准农田。2021年以来，共建成3万亩。") == 2021
    assert stated_year("本办法自2023年1月1日起施行。2022年12月5日印发。") == 2022


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("五星村开展人居环境整治“红黑榜”评比", "五星村"),
        ("地三村：稻渔综合种养基地开始插秧", "地三村"),
        ("红花套镇召开安全生产会议", "红花套镇"),
        ("全村开展环境整治", None),
        ("新农村建设取得成效", None),
    ],
)
def test_a_town_or_village_opening_its_headline_acts_for_itself(headline: str, expected: str | None) -> None:
    m = TOWN_OPENING.match(headline)
    got = m.group(1) if m and m.group(1) not in NOT_TOWNS else None
    assert got == expected


def test_a_bid_notices_agency_is_its_own_party_not_a_bidder_in_its_table(tmp_path: Path) -> None:
    raw = tmp_path / "bid.txt"
    raw.write_text("某某工程中标候选人公示\n\n项目名称：某某道路改造工程\n项目编号：GC2024-01\n\n一、中标候选人\n"
                   "名次    投标人名称              投标报价（元）    项目经理\n"
                   "第一名  安徽皖西路桥建设集团    1286543.18        程立军\n"
                   "第二名  六安市恒通市政工程集团  1293876.55        汪晓春\n\n"
                   "二、联系方式\n招标人：霍山县城市建设投资有限公司\n电话：0564-5027716\n", encoding="utf-8")
    from archive.ingest import read_raw
    from archive.pipeline import process_document
    reports, _ = process_document(read_raw(raw, raw.name), {})
    assert [r.agency for r in reports] == ["霍山县城市建设投资有限公司"]


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("五星村", "近日，在叶盛镇五星村开展评比活动。", "叶盛镇五星村"),
        ("五星村", "五星村开展评比活动。", "五星村"),
        ("红花套镇", "在宜都市红花套镇召开会议。", "红花套镇"),
    ],
)
def test_a_village_is_named_with_the_town_its_text_puts_it_in(name: str, body: str, expected: str) -> None:
    assert _with_its_town(name, body) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("□民革银川市委会", "民革银川市委会"),
    ("九三学社济南市委提出建议", "九三学社济南市委"),
    ("中国国民党革命委员会银川市委员会", "中国国民党革命委员会银川市委员会"),
    ("记者从市住房公积金管理中心获悉", "市住房公积金管理中心"),
    ("□市工商联", "市工商联"),
    ("遂宁市中级人民法院发布典型案例", "遂宁市中级人民法院"),
    ("市中院召开新闻发布会", "市中院"),
    ("据闵行区绿化和市容管理局介绍", "闵行区绿化和市容管理局"),
])
def test_party_committees_the_federation_and_fund_centres_are_agencies(text: str, expected: str) -> None:
    assert [m.surface for m in find_agencies(text)] == [expected]


@pytest.mark.parametrize("text", ["政协银川市第十五届委员会第二次会议", "中国人民政治协商会议银川市委员会", "政协银川市委员会"])
def test_a_cppcc_named_in_full_is_the_places_cppcc_not_a_party_committee(text: str) -> None:
    place = detect_place("银川市")
    assert [canonical_agency(m.surface, place) for m in find_agencies(text)] == ["银川市政协"]


def test_a_party_committee_named_by_its_term_is_the_places_committee() -> None:
    place = detect_place("天津市津南区")
    text = "中国共产党天津市津南区第十二届委员会第六次全体会议"
    assert [canonical_agency(m.surface, place) for m in find_agencies(text)] == ["天津市津南区委"]


def test_a_company_heading_its_own_news_is_its_agency(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "soe.txt").write_text(
        "垦丰集团全力推进供热管网改造\n\n发布时间：2024-03-05 10:20\n\n"
        "　　今年以来，垦丰集团投资1.2亿元改造老旧供热管网46公里。市住房和城乡建设局有关负责人表示，将加强监管。\n",
        encoding="utf-8")
    build(BuildConfig(seeds=seeds, content=tmp_path / "content", out=tmp_path / "site", search=False))
    import json
    reports = json.loads((tmp_path / "site" / "data" / "reports.json").read_text(encoding="utf-8"))["reports"]
    assert [r["agency"] for r in reports] == ["垦丰集团"]


def test_month_and_day_in_chinese_numerals_are_read_without_a_year() -> None:
    from archive.dates import arabic_month_days

    assert arabic_month_days("十月五日，中共通化市委召开") == "10月5日，中共通化市委召开"
    assert arabic_month_days("一九八七年十月七日") == "一九八七年十月七日"  # a full date is arabic_dates' to read


def test_a_day_of_this_month_is_read_in_the_pages_month() -> None:
    from archive.dates import this_month_days

    assert this_month_days("县人民委员会于本月九日召开会议", 8) == "县人民委员会于8月9日召开会议"
    assert this_month_days("本月25日，市文联举办", 11) == "11月25日，市文联举办"
    assert this_month_days("本月以来，全县", 8) == "本月以来，全县"  # no day: nothing to read


def _build_one(tmp_path: Path, text: str) -> list:
    """Build one raw file of the given text; return its reports."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "page.txt").write_text(text, encoding="utf-8")
    return build(BuildConfig(seeds, tmp_path / "content", tmp_path / "site", search=False)).reports


def test_a_report_held_on_a_day_of_this_month_takes_that_day(tmp_path: Path) -> None:
    reports = _build_one(tmp_path, "某省日报　1956年3月20日　星期二\n\n某县召开春耕生产会议\n\n"
                         "【本报讯】开春以来，某县各乡积极准备春耕。某县人民委员会于本月十四日召开全县春耕生产会议，"
                         "部署春耕工作。\n")
    assert [r.date for r in reports] == ["1956-03-14"]


def test_a_date_read_in_chinese_numerals_is_shown_as_printed(tmp_path: Path) -> None:
    reports = _build_one(tmp_path, "某县报　1963年4月9日　星期二\n\n某县水利局部署春灌\n\n"
                         "四月七日，某县水利局召开各区水利干部会议，部署春灌工作。会议要求各区抓紧修好渠道。\n")
    assert [(r.date, r.date_evidence) for r in reports] == [("1963-04-07", "四月七日，")]


@pytest.mark.parametrize(("byline", "shown"), [
    ("（黄志强）", "黄志强"), ("□民革银川市委会", "民革银川市委会"), ("■ 本报记者 朱玉东", "本报记者 朱玉东"),
    ("本报讯（记者 刘桐）", "本报讯（记者 刘桐）"),
])
def test_a_byline_is_shown_without_its_mark_or_the_brackets_around_all_of_it(byline: str, shown: str) -> None:
    from archive.extract import plain_byline

    assert plain_byline(byline) == shown


def test_a_mountain_holding_a_countys_short_name_is_no_place() -> None:
    assert places_in("加快贺兰山东麓生态修复，银川市持续开展整治") == ["银川市"]
    assert places_in("临沂市兰山区召开会议") == ["临沂市", "兰山区"]


@pytest.mark.parametrize(("text", "expected"), [
    # a place's Party committee by its level alone acts (县委召开…, 县委、县政府在…)
    ("县委召开全县农田基本建设动员大会", ["县委"]),
    ("十月十七日，县委、县政府在县城召开大会", ["县委", "县政府"]),
    # … but an officer's title is no act of the committee (县委书记王振华, 县委常委、县纪委书记)
    ("县委书记王振华、县委副书记李某出席，县委常委、县纪委书记刘某通报", ["县纪委"]),
    # … its standing committee meeting is the committee's own act
    ("市委常委会召开会议", ["市委"]),
])
def test_a_bare_party_committee_is_an_agency_unless_it_is_an_officers_title(text: str, expected: list[str]) -> None:
    assert [m.surface for m in find_agencies(text)] == expected


def test_a_bare_name_in_traditional_characters_is_qualified_by_the_place() -> None:
    assert canonical_agency("縣委", Place("宁夏回族自治区", "固原市", "西吉县")) == "西吉县委"


@pytest.mark.parametrize(("text", "expected"), [
    ("今年1至2月，增长15.7%。洋浦经济开发区管委会有关负责人表示", ["洋浦经济开发区管委会"]),
    ("活动由苏州工业园区管委会主办", ["苏州工业园区管委会"]),
    # a zone's organ only at a clause's start: a verb before it is no part of its name
    ("负责人表示洋浦经济开发区管委会将跟进", []),
])
def test_a_zones_administration_is_an_agency_where_its_place_is_unknown(text: str, expected: list[str]) -> None:
    assert [m.surface for m in find_agencies(text)] == expected


def test_a_common_word_holding_a_countys_short_name_is_no_place() -> None:
    assert places_in("解读就业创业补贴等惠企惠民政策，实施文化惠民工程") == []
    assert places_in("惠民县人社局") == ["惠民县"]


@pytest.mark.parametrize(("text", "expected"), [
    # a village's committees named without their town, the Party's name before one (中共…支部委员会)
    ("沙坝村村民委员会", ["沙坝村村民委员会"]),
    ("中共沙坝村支部委员会", ["中共沙坝村支部委员会"]),
    ("朝阳社区居委会组织志愿者", ["朝阳社区居委会"]),
    # … but not an officer of one (南塘村党支部书记贺建军), nor the villagers' meeting, nor a village alone
    ("南塘村党支部书记贺建军介绍", []),
    ("经沙坝村村民代表会议讨论通过", []),
    ("农村党支部建设", []),
])
def test_a_villages_committee_is_an_agency(text: str, expected: list[str]) -> None:
    assert [m.surface for m in find_agencies(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the Youth League's committees are no Party committees (市委, 鱼峰区委)
    ("近日，团市委联合市林业局", ["团市委", "市林业局"]),
    ("3月9日，团鱼峰区委在荣军街道开展", ["团鱼峰区委"]),
    ("共青团柳州市委员会", ["共青团柳州市委员会"]),
    # … a corps (兵团) or a company (集团) is no League
    ("兵团党委召开会议", []),
])
def test_the_youth_leagues_committees_are_told_from_the_partys(text: str, expected: list[str]) -> None:
    assert [m.surface for m in find_agencies(text)] == expected


def test_a_league_committee_is_named_with_its_place_and_a_village_branch_as_its_party_branch() -> None:
    place = Place("广西壮族自治区", "柳州市", None)
    assert canonical_agency("团市委", place) == "共青团柳州市委"
    assert canonical_agency("共青团柳州市委员会", place) == "共青团柳州市委"
    assert canonical_agency("团鱼峰区委", place) == "共青团鱼峰区委"
    assert canonical_agency("中共沙坝村支部委员会", place) == "沙坝村党支部"


@pytest.mark.parametrize(("text", "expected"), [
    # a customs house named after a county's short name (景洪 of 景洪市); the national body stays whole
    ("记者从景洪海关获悉", ["景洪海关"]),
    ("海关总署发布数据", ["海关总署"]),
    # a district's deputies are no agency; its standing committee is
    ("区人大常委会组织区人大代表视察", ["区人大常委会"]),
    # a street's people's congress working committee (街道人大工委)
    ("五里店街道人大工委组织代表视察", ["五里店街道人大工委"]),
])
def test_customs_houses_deputies_and_street_congress_committees(text: str, expected: list[str]) -> None:
    assert [m.surface for m in find_agencies(text)] == expected


def test_a_school_that_calls_itself_our_school_is_the_sites_owner(tmp_path: Path) -> None:
    reports = _build_one(
        tmp_path, "某某师范学院\n\n学校首页 | 学校概况 | 机构设置 | 教育教学\n\n当前位置: 首页 >> 学院新闻 >> 正文\n\n"
        "我校学生在全省师范生教学技能大赛中获佳绩\n\n发布时间：2024-05-20    作者：教育学院\n\n"
        "    近日，我校教育学院学生在全省师范生教学技能大赛中获一等奖3项。大赛由省教育厅主办。\n\n"
        "版权所有：某某师范学院    地址：某某市学府路1号\n")
    assert [r.agency for r in reports] == ["某某师范学院"]


def test_on_a_tie_a_body_named_with_its_place_acts_before_one_named_without() -> None:
    from archive.agencies import Place
    from archive.extract import infer_agency
    from archive.model import Paragraph
    from archive.segment import Draft

    text = ("10月9日，位于城关镇的城关镇区域养老服务中心正式投入运营。区域养老服务中心设床位86张，由县民政局统筹建设。"
            "今年以来，县民政局累计投入资金1460万元。")
    draft = Draft(title="我县首个养老服务综合体投用", paragraphs=[Paragraph(text, 1, 1)])
    primary, _, _ = infer_agency(draft, Place("福建省", "泉州市", "永春县"))
    assert primary == "永春县民政局"


@pytest.mark.parametrize(("line", "names"), [
    ("三明市政协人口资源环境委员会", True),
    ("市政协文化文史和学习委员会", True),
    ("三明市政协", True),
    ("关于全市林长制工作推进情况的视察报告", False),
])
def test_a_bodys_own_committee_names_an_agency(line: str, names: bool) -> None:
    from archive.segment import _names_agencies

    assert _names_agencies(line) is names


def test_a_word_run_into_a_countys_bodies_names_no_county() -> None:
    from archive.agencies import places_in

    assert "和县" not in places_in("各大队党支部书记和县直有关部门负责同志参加会议")
    assert "任县" not in places_in("他曾担任县委书记")
    assert "和县" in places_in("马鞍山市和县召开会议")


@pytest.mark.parametrize(("lead", "agency"), [
    ("3月5日，县委副书记、县长刘明远率队调研春耕备耕工作。他强调，要抓好农资供应。", "巫溪县人民政府"),
    ("3月5日，副县长张小平深入各乡镇检查春耕备耕工作，要求抓好农资供应。", "巫溪县人民政府"),
    ("3月5日，县委书记王建华主持召开县委常委会会议，研究春耕备耕工作。", "巫溪县委"),
])
def test_a_place_heads_lead_names_the_body_the_head_leads(lead: str, agency: str) -> None:
    from archive.agencies import Place
    from archive.extract import infer_agency
    from archive.model import Paragraph
    from archive.segment import Draft

    draft = Draft(title="刘明远调研春耕备耕工作", paragraphs=[Paragraph(lead, 1, 1)])
    primary, _, _ = infer_agency(draft, Place("重庆市", "重庆市", "巫溪县"))
    assert primary == agency


def test_a_described_quarter_of_a_county_seat_is_no_agency() -> None:
    from archive.agencies import find_agencies

    assert find_agencies("先后来到县城北部新区安置房项目、城南片区棚改项目现场") == []
    assert [m.surface for m in find_agencies("县城管局组织开展城北部片区环境整治")] == ["县城管局"]


def test_a_dateline_printing_its_year_dates_the_report(tmp_path: Path) -> None:
    reports = _build_one(tmp_path, "区政府召开第12次常务会议\n\n发布时间：2024-03-06 09:10　来源：区政府办\n\n"
                         "2024年3月5日，区长李文主持召开区政府第12次常务会议，研究春季森林防火等工作。\n")
    assert [r.date for r in reports] == ["2024-03-05"]


def test_an_office_ending_a_line_is_an_agency() -> None:
    from archive.agencies import find_agencies

    # a 处 closing the text is an office (…街道办事处, …公路管理处), as one followed by more text is
    assert [m.surface for m in find_agencies("宝鸡市公路管理处")] == ["宝鸡市公路管理处"]
    assert [m.surface for m in find_agencies("福州市仓山区金山街道办事处")] == ["福州市仓山区金山街道办事处"]
    assert find_agencies("生态环境行政处罚") == []


def test_an_editors_note_over_the_text_leaves_the_lead_to_date_it(tmp_path: Path) -> None:
    reports = _build_one(tmp_path, "原创　福清市侨联　福清侨联\n2025年11月08日 20:15　福建\n\n海外乡亲回乡寻根\n\n"
                         "编者按：福清是全国著名侨乡。本期推送，带您走进活动现场。\n\n"
                         "　　11月6日，由福清市侨联主办的海外侨胞寻根之旅活动在江阴镇启动，126名侨胞参加活动。\n")
    assert [(r.date, r.agency) for r in reports] == [("2025-11-06", "福清市侨联")]


def test_a_character_folded_into_two_leaves_the_mentions_after_it_where_they_are() -> None:
    # Ⅳ folds to IV (two characters): the names found in the folded text are cut from the text at their own places
    text = "启动Ⅳ级应急响应，书面报告市应急管理局，在省委的领导下；發布Ⅱ級預警，縣衛生局啟動"
    assert [m.surface for m in find_agencies(text)] == ["市应急管理局", "省委", "縣衛生局"]
    assert all(text[m.start : m.end] == m.surface for m in find_agencies(text))


def test_a_speech_is_its_speakers_body_when_the_byline_names_the_body_and_the_post() -> None:
    assert _speaking_for("江西省人民政府省长　林国华") == "江西省人民政府"
    assert _speaking_for("市政协主席 王刚") == "市政协"
    assert _speaking_for("县委书记　李明") == "县委"
    assert _speaking_for("记者 王小丽") is None
    assert _speaking_for("省长　林国华") is None


@pytest.mark.parametrize(("short", "full"), [
    ("宝塔区残联", "宝塔区残疾人联合会"), ("县妇联", "县妇女联合会"), ("福州市侨联", "福州市归国华侨联合会"),
    ("区供销联社", "区供销合作联社"), ("镇供销社", "镇供销合作社"), ("市住建局", "市住房和城乡建设局"),
])
def test_a_bodys_short_and_full_names_are_one_agency(short: str, full: str) -> None:
    from archive.agencies import agency_key

    assert agency_key(short) == agency_key(full)
