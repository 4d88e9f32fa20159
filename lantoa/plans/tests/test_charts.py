"""The self-drawn SVG charts: points, labels, target line, escaping."""

import xml.etree.ElementTree as ET

from lantoa.org.tests.factories import D
from lantoa.plans import charts

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [(D(2020, 12, 31), 25.0), (D(2021, 1, 31), 50.0), (D(2021, 3, 1), 62.5)]


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - markup this module just drew


def draw(points=POINTS, **kwargs):
    options = {"title": "Nhóm mạng xã hội", "goal": 100.0, "measure": "percent", "check_days": [D(2021, 3, 1)]}
    return parse(charts.trend_chart(points, **{**options, **kwargs}))


def texts(svg, css_class):
    return [node.text for node in svg.iter(f"{SVG}text") if node.get("class") == css_class]


def test_every_value_is_a_point_with_its_date_and_figure():
    svg = draw()
    circles = list(svg.iter(f"{SVG}circle"))
    assert [c.find(f"{SVG}title").text for c in circles] == [
        "31/12/2020: 25\u00a0%",
        "31/01/2021: 50\u00a0%",
        "01/03/2021: 62,5\u00a0%",
    ]
    polyline = next(svg.iter(f"{SVG}polyline"))
    assert len(polyline.get("points").split()) == 3


def test_higher_values_are_drawn_higher_and_later_days_further_right():
    circles = list(draw().iter(f"{SVG}circle"))
    xs = [float(c.get("cx")) for c in circles]
    ys = [float(c.get("cy")) for c in circles]
    assert xs == sorted(xs) and ys == sorted(ys, reverse=True)


def test_the_axis_is_labelled_in_vietnamese_number_and_date_formats():
    svg = draw()
    assert texts(svg, "y-label") == ["0\u00a0%", "25\u00a0%", "50\u00a0%", "75\u00a0%", "100\u00a0%"]
    x_labels = texts(svg, "x-label")
    assert x_labels[0] == "31/12/2020" and x_labels[-1] == "01/03/2021"
    money = draw([(D(2021, 1, 31), 1_500_000)], goal=2_000_000, measure="money")
    assert "2.000.000\u00a0đ" in texts(money, "y-label")


def test_a_long_period_is_labelled_by_month():
    svg = draw([(D(2020, 12, 31), 10), (D(2023, 12, 31), 40)], measure="count", goal=50, check_days=[])
    assert texts(svg, "x-label")[0] == "12/2020" and texts(svg, "x-label")[-1] == "12/2023"


def test_the_target_is_a_dashed_line_at_its_value():
    svg = draw()
    goal = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "goal")
    line = goal.find(f"{SVG}line")
    assert line.get("stroke-dasharray") and line.get("y1") == line.get("y2")
    zero = next(t for t in svg.iter(f"{SVG}text") if t.text == "0\u00a0%")
    hundred = next(t for t in svg.iter(f"{SVG}text") if t.text == "100\u00a0%")
    assert float(hundred.get("y")) - 4 == float(line.get("y1")) < float(zero.get("y")) - 4


def test_check_dates_are_marked():
    svg = draw(check_days=[D(2021, 1, 15), D(2021, 3, 1)])
    marks = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "check-date"]
    assert len(marks) == 2
    assert "15/01/2021" in marks[0].find(f"{SVG}title").text


def test_the_chart_scales_to_the_screen_and_is_described():
    svg = draw(description="Từ 25 % lên 62,5 %", chart_id="t7")
    assert svg.get("viewBox") == f"0 0 {charts.WIDTH} {charts.HEIGHT}" and svg.get("width") == "100%"
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "t7-title t7-desc"
    assert svg.find(f"{SVG}title").text == "Nhóm mạng xã hội"
    assert svg.find(f"{SVG}desc").text == "Từ 25 % lên 62,5 %"


def test_text_is_escaped():
    markup = str(charts.trend_chart(POINTS, title='<script>alert("x")</script> & co', goal=None))
    assert "<script>" not in markup
    svg = parse(markup)
    assert svg.find(f"{SVG}title").text == '<script>alert("x")</script> & co'
    assert not list(svg.iter(f"{SVG}script"))


def test_nothing_is_drawn_without_points():
    assert charts.trend_chart([], title="Trống") == ""


def test_a_single_point_is_drawn_in_the_middle():
    svg = draw([(D(2021, 1, 31), 3)], goal=None, check_days=[], measure="count")
    circle = next(svg.iter(f"{SVG}circle"))
    assert 0 < float(circle.get("cx")) < charts.WIDTH


def test_figures_are_written_the_vietnamese_way():
    assert charts.format_measure(62.5, "percent") == "62,5\u00a0%"
    assert charts.format_measure(100.0, "percent") == "100\u00a0%"
    assert charts.format_measure(1234567, "count") == "1.234.567"
    assert charts.format_measure(15_000_000, "money") == "15.000.000\u00a0đ"
    assert charts.format_measure(None, "count") == "—"


def test_axis_ticks_are_round_and_cover_the_top():
    assert charts.axis_ticks(100) == [0, 25, 50, 75, 100]
    assert charts.axis_ticks(3.2) == [0, 1, 2, 3, 4]
    assert charts.axis_ticks(0)[-1] >= 1
