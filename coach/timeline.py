"""A session's times on an injected monotonic clock: its start and end, the current step's
deadline, and the pauses.

Deadlines are absolute: each step's is the previous deadline plus its length, so however late or
irregular the ticks are, a session never drifts from its planned length; a pause moves the
deadline on by its own length.
"""

from __future__ import annotations

from coach.clocks import Clock

__all__ = ["Clock", "Timeline"]


class Timeline:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.started_at = 0.0
        self.finished_at = 0.0
        self.deadline = 0.0  # absolute end of the current step, on the clock's timeline
        self.paused_at = 0.0
        self.paused_total = 0.0

    def fold_pause(self, now: float) -> None:
        """Move the pause's start to `now`: the remaining time stays frozen, and a step that
        begins during a pause starts at `now` with its full length still ahead."""
        gap = now - self.paused_at
        self.paused_total += gap
        self.deadline += gap
        self.paused_at = now

    def paused_seconds(self, paused: bool) -> float:
        ongoing = self.clock() - self.paused_at if paused else 0.0
        return self.paused_total + ongoing

    def remaining(self, paused: bool) -> float:
        """Time left in the current step (frozen while paused)."""
        now = self.paused_at if paused else self.clock()
        return max(0.0, self.deadline - now)

    def active_seconds(self, end: float) -> float:
        """Time from the start to `end`, less the pauses."""
        return end - self.started_at - self.paused_total
