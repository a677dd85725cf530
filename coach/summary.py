"""Moved (issue #13): the words at the end of a session are coach.present.session_end.

Kept only so that code written before the move keeps importing; delete it once nothing
imports `coach.summary`.
"""

from coach.present.session_end import duration, summary_lines, today_lines

__all__ = ["duration", "summary_lines", "today_lines"]
