"""Charts drawn from content: labels never run into each other, whatever their length."""

import re

from brosur.content.load import load_content
from brosur.content.schema import Figure
from brosur.render.charts import bar_chart
from tests.support.content import EXAMPLE_CONTENT

THEME = load_content(EXAMPLE_CONTENT).theme


def figure(*labels: str) -> Figure:
    return Figure.model_validate(
        {
            "title": {"id": "Judul", "en": "Title"},
            "alt": {"id": "Diagram", "en": "Chart"},
            "values": [{"label": label, "value": index + 1} for index, label in enumerate(labels)],
        }
    )


def test_short_labels_stand_under_upright_bars():
    svg = str(bar_chart(figure("2019", "2020", "2021"), THEME, "id", "Diagram"))
    assert 'text-anchor="middle"' in svg and "<tspan" not in svg


def test_labels_too_long_for_their_bars_lie_beside_them_wrapped():
    long = "Sekolah Anggaran Pasar Rakyat untuk Semua Warga Desa"
    svg = str(bar_chart(figure(long, "Radio", "Peta"), THEME, "id", "Diagram"))
    lines = re.findall(r"<tspan x=\"0\" y=\"([\d.]+)\">([^<]*)</tspan>", svg)
    assert " ".join(text for _, text in lines[:-2]) == long  # wrapped, every word kept
    assert len(lines) > 3
    baselines = [float(y) for y, _ in lines]
    assert baselines == sorted(baselines)  # one under the other, never on top
    assert len(set(baselines)) == len(baselines)
