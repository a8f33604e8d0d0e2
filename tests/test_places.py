"""Places of all China from data/places.yaml: counties named in full anywhere, short forms only where
checked by hand, autonomous prefectures by the forms texts use, and no place found inside ordinary words."""

from __future__ import annotations

from archive.agencies import (
    _autonomous_forms,
    agency_at_start,
    canonical_agency,
    detect_place,
    find_agencies,
    gazetteer,
    places_in,
)


def test_a_county_of_another_province_names_its_agencies() -> None:
    m = agency_at_start("临泽县人民政府办公室关于做好春季防火工作的通知")
    assert m is not None and m.surface == "临泽县人民政府办公室"
    assert agency_at_start("南海区卫生健康局相关负责人介绍").surface == "南海区卫生健康局"  # type: ignore[union-attr]


def test_counties_and_cities_tell_the_province() -> None:
    text = "临泽县召开会议。临泽县各乡镇要严格落实防火责任，张掖市有关部门参加。"
    assert places_in(text) == ["临泽县", "张掖市"]
    assert detect_place(text).province == "甘肃省"


def test_an_autonomous_prefecture_goes_by_its_short_forms() -> None:
    groups = tuple(sorted(gazetteer_groups(), key=len, reverse=True))
    assert _autonomous_forms("大理白族自治州", groups) == ["大理州", "大理"]
    assert _autonomous_forms("恩施土家族苗族自治州", groups) == ["恩施州", "恩施"]
    assert _autonomous_forms("龙胜各族自治县", groups) == ["龙胜县", "龙胜"]
    assert _autonomous_forms("临泽县", groups) == []
    m = agency_at_start("大理州林业和草原局2022年工作总结")
    assert m is not None and m.surface == "大理州林业和草原局"
    assert places_in("大理州林业和草原局") == ["大理白族自治州"]


def test_no_place_inside_ordinary_words() -> None:
    # 新平(彝族傣族自治县), 和平(区), 建设(区) are counties' short forms, and also parts of ordinary words
    assert places_in("搭建创新平台，维护世界和平，加快项目建设。") == []


def test_a_county_name_several_cities_share_does_not_pick_a_province() -> None:
    g = gazetteer()
    assert "鼓楼区" in g.ambiguous
    assert detect_place("鼓楼区召开会议，鼓楼区各街道参加。").province is None


def test_the_home_province_keeps_its_short_forms() -> None:
    # Shandong's counties were checked by hand: their short forms count (莱芜 for 莱芜区)
    assert places_in("莱芜开展专项行动") == ["莱芜区"]
    assert canonical_agency("省工信厅") == "山东省工业和信息化厅"


def gazetteer_groups() -> list[str]:
    import yaml

    from archive.agencies import DATA

    return yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))["ethnic_groups"]


def test_a_development_zone_after_its_county_short_name() -> None:
    # 昆山 alone is not a place outside the hand-checked province, but right before 开发区 it can be nothing else
    assert [m.surface for m in find_agencies("昆山开发区重大项目建设跑出加速度")] == ["昆山开发区"]
    assert [m.surface for m in find_agencies("江阴高新区管委会召开会议")] == ["江阴高新区管委会"]
    assert find_agencies("推进开发区建设，城市新区加快发展") == []


def test_a_town_after_its_county_is_an_agency() -> None:
    assert [m.surface for m in find_agencies("走进兰考县堌阳镇徐场村的乐器加工车间")] == ["兰考县堌阳镇"]
    assert find_agencies("兰考县城乡统筹发展，各乡镇干部参加") == []


def test_a_district_whose_name_ends_in_cheng_qu_names_its_agencies() -> None:
    # 城区: the bare 区 after 城 never starts a name (城区 is a word), so the district is found by its own name
    assert [m.surface for m in find_agencies("东城区卫生健康委召开会议")] == ["东城区卫生健康委"]


def test_agencies_are_found_in_traditional_text_and_named_as_printed() -> None:
    found = find_agencies("機電工程署（機電署）今日公布，食物環境衞生署發言人表示")
    assert [m.surface for m in found] == ["機電工程署", "機電署", "食物環境衞生署"]
    assert canonical_agency("機電署") == "機電工程署"
    assert canonical_agency("内政部") == "內政部"  # Taiwan's ministries as their government prints them


def test_a_short_form_opening_with_a_level_word_is_never_a_place() -> None:
    # 市中 of 市中区 runs on from the word before it: 都市中, 城市中心
    assert places_in("为加速都市中老旧建筑重建，城市中心区域") == []
    assert places_in("济南市市中区召开会议") == ["济南市", "市中区"]


def test_a_towns_offices_are_agencies_and_its_villages_are_places() -> None:
    assert [m.surface for m in find_agencies("近日，大店镇卫生院组织家庭医生")] == ["大店镇卫生院"]
    assert [m.surface for m in find_agencies("5月11日，叶盛镇司法所在镇综合文化站")] == ["叶盛镇司法所"]
    assert [m.surface for m in find_agencies("大店镇西庄村党支部召开会议")] == ["大店镇西庄村党支部"]
    assert find_agencies("近日，大店镇西庄村游人如织") == []
    assert find_agencies("推进新型城镇化建设，乡镇卫生院") == []


def test_a_places_short_name_opening_a_streets_or_sub_districts_name_names_no_place() -> None:
    from archive.agencies import places_in

    assert places_in("湖州市吴兴区朝阳街道办事处") == ["湖州市", "吴兴区"]  # no 朝阳市
    assert places_in("家住新竹小区的黄阿姨，沿新竹路和梅山南路走") == []  # no 新竹市, no 山南市
    assert places_in("朝阳市人民政府") == ["朝阳市"] and places_in("宁波镇海区") == ["宁波市", "镇海区"]
