from indicator_lib.levels import LEVEL2_UNDER, level1_of, normalize_level1, normalize_level2


def test_real_table_headings_normalise() -> None:
    assert normalize_level1("产出指标(50分)") == "产出指标"
    assert normalize_level1("（效益指标）（30分）") == "效益指标"
    assert normalize_level1("项目完成指标") == "产出指标"
    assert normalize_level1("项目效果") == "效益指标"
    assert normalize_level2("社会公众或服务对象满意度指标") == "服务对象满意度指标"
    assert normalize_level2("满意度指标") == "服务对象满意度指标"
    assert normalize_level2("数量指标") == "数量指标"


def test_unknown_levels_are_none() -> None:
    assert normalize_level1("产出指数") is None
    assert normalize_level2("") is None
    assert normalize_level1(None) is None


def test_every_level2_has_a_level1() -> None:
    for level1, names in LEVEL2_UNDER.items():
        for name in names:
            assert level1 in level1_of(name)
