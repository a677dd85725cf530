"""The report as one self-contained HTML file: Jinja2 with autoescaping, inline CSS and SVG.

Jinja2 because escaping is then the template engine's job on every `{{ }}` (a cramp note or a
routine title with `<script>` in it is shown as text), it is small, pure Python and already well
kept. It is imported here only, and this module only by `coach report`, so start-up never pays.
"""

from __future__ import annotations

from pathlib import Path

from coach import __version__
from coach.adherence import DayStatus
from coach.cramps import MUSCLE_LABELS
from coach.dates import long_day, short_day
from coach.present.glyphs import GLYPHS
from coach.report.charts import LEGEND_STATUSES, bar_chart, day_label, heat_map
from coach.report.data import ReportData
from coach.wording import plural

TEMPLATE = "report.html.j2"
WHEN_WORDS = {"night": "night", "day": "day", "exercise": "exercise"}


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _chunks(items: tuple, size: int) -> list[tuple]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def render_html(data: ReportData) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,  # every {{ }} is escaped: user text is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(percent=_percent, minutes=_minutes, short_day=short_day)
    env.globals.update(count=plural, long_day=long_day, chunks=_chunks, day_label=day_label)
    template = env.get_template(TEMPLATE)
    done_days = data.counts[DayStatus.DONE]
    return template.render(
        data=data,
        version=__version__,
        heat=heat_map(data.first, data.days),
        bars=bar_chart(data.series),
        legend=[(str(s), *GLYPHS[s]) for s in LEGEND_STATUSES],
        muscles=MUSCLE_LABELS,
        when_words=WHEN_WORDS,
        status=DayStatus,
        any_routine_days=any(w.done_days for w in data.series) or done_days > 0,
    )
