"""A bug on purpose, for the real-use crash test only (this folder is put on PYTHONPATH).

Python imports `sitecustomize` at start-up; this one makes `c` (cramp now) raise, standing in
for any error coach does not handle, so the test sees what a user would after a real bug.
"""

from coach.ui.app import CoachApp


def _broken(self) -> None:
    raise RuntimeError("a bug injected by tests/realuse/fault")


CoachApp.action_cramp_now = _broken
