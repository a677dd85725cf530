"""Home's parts that show the record: mounted when the first read arrives.

Home's first paint (coach.ui.startup) draws only its frame: the title, the first-aid line and
the keys. Today, the routines and the figures come with the record, and so do their rules
(styles/home.tcss), read as Textual reads a pushed screen's CSS_PATH.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.widgets import Static

from coach.ui.widgets.day_strip import DayStrip
from coach.ui.widgets.routine_list import RoutineList

if TYPE_CHECKING:
    from coach.ui.screens.home import HomeScreen

STYLES = Path(__file__).parent.parent / "styles" / "home.tcss"


async def mount_record_parts(home: HomeScreen) -> None:
    """Today, the routines and the figures, around the first-aid line, in this order."""
    app = home.app
    sheet = app.stylesheet
    if not sheet.has_source(str(STYLES), ""):
        sheet.read(STYLES)
        sheet.reparse()
        sheet.update(app)
    box = home.query_one("#home", VerticalScroll)
    above = [Static(id=name) for name in ("today", "resume-banner", "routines-head")]
    below = [Static(id=name) for name in ("streak", "at-risk", "guidance")]
    await box.mount_all(
        [*above, RoutineList(id="routines"), Static(id="not-loaded")],
        before=home.query_one("#first-aid"),
    )
    await box.mount_all([*below, DayStrip(id="week"), Static(id="next-reminder")])
    home.query_one(RoutineList).focus()
