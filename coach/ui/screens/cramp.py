"""Cramp now: pick the muscle, stretch it with a hold timer, the follow-up steps, then a log.

The stretch itself is a one-exercise session of the first-aid routine on the ordinary session
screen (same timer, same saving); these screens are the steps around it. The rules (which
stretch for which muscle, defaults, validation, doctor guidance) live in coach.cramps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, RadioSet, Static
from textual.widgets.option_list import Option

from coach.cramps import (
    FOLLOW_UP,
    MUSCLE_LABELS,
    MUSCLES,
    SIDES,
    WHEN_KINDS,
    CrampInputError,
    Logged,
    default_when,
    new_cramp,
)
from coach.journal import Journal
from coach.ui.dialogs.keys import HELP_BINDING
from coach.ui.messages import RecordChanged
from coach.ui.text import styled
from coach.ui.widgets.footer import CoachFooter
from coach.ui.widgets.toggles import ClearRadioButton

if TYPE_CHECKING:
    from datetime import datetime

    from coach.store import NewCramp
    from coach.ui.app import CoachApp

MUSCLE_CHOICES = {m: MUSCLE_LABELS[m].capitalize() for m in MUSCLES}  # "Foot or toes"


class MuscleDialog(ModalScreen[str | None]):
    """Which muscle is cramping? One key (1-4) or the arrows and enter."""

    CSS_PATH = "../styles/cramp.tcss"
    KEYS_TITLE = "cramp now"
    MOVE_KEYS = (("up, down, enter", "Choose the muscle from the list."),)
    BINDINGS = [
        Binding("1", "pick(0)", "Calf", show=False, id="cramp.calf", tooltip="The calf."),
        Binding("2", "pick(1)", "Foot", show=False, id="cramp.foot", tooltip="The foot or toes."),
        Binding(
            "3",
            "pick(2)",
            "Front thigh",
            show=False,
            id="cramp.front",
            tooltip="The front of the thigh.",
        ),
        Binding(
            "4",
            "pick(3)",
            "Back thigh",
            show=False,
            id="cramp.back",
            tooltip="The back of the thigh.",
        ),
        Binding(
            "escape",
            "cancel",
            "Not now",
            id="cramp.cancel",
            tooltip="Close this question and go back.",
        ),
        HELP_BINDING,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="muscle-box"):
            yield Static("[b]Cramp now[/b] · where is it?", id="muscle-title")
            yield OptionList(
                *(Option(f"{n}  {MUSCLE_CHOICES[m]}", id=m) for n, m in enumerate(MUSCLES, 1)),
                id="muscles",
            )
            yield Static("Press 1-4, or move and press enter. Esc: not now.", classes="hint")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#muscles")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        self.dismiss(MUSCLES[index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class FollowUpScreen(Screen[bool]):
    """What the article says to do once the stretch has eased the cramp; dismissed with True
    to log the cramp, False to skip the log."""

    CSS_PATH = "../styles/cramp.tcss"
    KEYS_TITLE = "after the stretch"
    BINDINGS = [
        Binding(
            "enter",
            "log",
            "Log this cramp",
            priority=True,
            id="followup.log",
            tooltip="Note this cramp in your diary (one more enter saves it).",
        ),
        Binding(
            "escape",
            "skip",
            "Skip the log",
            id="followup.skip",
            tooltip="Go back without noting the cramp.",
        ),
    ]

    app: CoachApp

    def __init__(self, muscle: str) -> None:
        super().__init__()
        self.muscle = muscle

    def compose(self) -> ComposeResult:
        steps = "\n\n".join(f"{n}. {step.text}" for n, step in enumerate(FOLLOW_UP, 1))
        sources = "; ".join(step.source for step in FOLLOW_UP)
        with VerticalScroll(id="follow-up", can_focus=False):
            yield Static("[b]After the stretch[/b]", id="follow-up-title")
            yield Static(steps, id="follow-up-steps")
            yield Static(f"From the article: {sources}.", classes="hint")
            yield Static(
                "Press enter to note this cramp in your diary (one more enter saves it).",
                id="follow-up-next",
            )
        yield CoachFooter()

    def action_log(self) -> None:
        self.dismiss(True)

    def action_skip(self) -> None:
        self.dismiss(False)


class CrampLogScreen(Screen[Logged | None]):
    """One screen, one keypress: enter saves with defaults; only the muscle is required.
    Dismissed with what was logged, or None when the user chose not to log."""

    CSS_PATH = "../styles/cramp.tcss"
    KEYS_TITLE = "log a cramp"
    MOVE_KEYS = (
        ("tab", "Go to the next field (shift+tab: the one before)."),
        ("left, right", "Choose the side, or when it came."),
    )
    BINDINGS = [
        Binding(
            "enter",
            "save",
            "Save",
            priority=True,
            id="cramplog.save",
            tooltip="Save the cramp in your diary; empty fields are fine.",
        ),
        Binding(
            "escape",
            "cancel",
            "Don't log",
            id="cramplog.cancel",
            tooltip="Go back without saving this cramp.",
        ),
    ]

    app: CoachApp

    def __init__(self, muscle: str, *, in_session: bool = False) -> None:
        super().__init__()
        self.muscle = muscle
        self.in_session = in_session

    def compose(self) -> ComposeResult:
        now = self.app.context.wall_now()
        when = default_when(now, self.in_session)
        with VerticalScroll(id="cramp-log", can_focus=False):
            yield Static(f"[b]Log a cramp[/b] · {MUSCLE_LABELS[self.muscle]}", id="cramp-log-title")
            with Horizontal(classes="log-row"):
                yield Label("Side", classes="log-label")
                with RadioSet(id="side", compact=True):
                    for side in SIDES:
                        yield ClearRadioButton(side)
            with Horizontal(classes="log-row"):
                yield Label("When", classes="log-label")
                with RadioSet(id="when", compact=True):
                    for kind in WHEN_KINDS:
                        yield ClearRadioButton(kind, value=kind == when)
            with Horizontal(classes="log-row"):
                yield Label("Severity", classes="log-label")
                yield Input(placeholder="1-10, optional", id="severity", compact=True)
            with Horizontal(classes="log-row"):
                yield Label("Minutes", classes="log-label")
                yield Input(placeholder="how long it lasted, optional", id="minutes", compact=True)
            with Horizontal(classes="log-row"):
                yield Label("Note", classes="log-label")
                yield Input(placeholder="optional", id="note", compact=True)
            yield Static(
                f"Time: now ({now:%H:%M}). Enter saves; tab moves between fields.", classes="hint"
            )
            yield Static(id="cramp-log-message")
        yield CoachFooter()

    def _choice(self, radio_id: str, options: tuple[str, ...]) -> str | None:
        index = self.query_one(f"#{radio_id}", RadioSet).pressed_index
        return options[index] if index >= 0 else None

    _saving = False

    def action_save(self) -> None:
        ctx = self.app.context
        now = ctx.wall_now()
        try:
            cramp = new_cramp(
                muscle=self.muscle,
                now=now,
                day_starts_at=ctx.config.day_starts_at,
                side=self._choice("side", SIDES),
                when=self._choice("when", WHEN_KINDS),
                severity=self.query_one("#severity", Input).value.strip() or None,
                minutes=self.query_one("#minutes", Input).value.strip() or None,
                note=self.query_one("#note", Input).value.strip() or None,
                in_session=self.in_session,
            )
        except CrampInputError as exc:
            message = styled("[b]Not saved:[/b] $why", why=str(exc))
            self.query_one("#cramp-log-message", Static).update(message)
            return
        if not self._saving:  # a second enter while the first save waits adds nothing
            self._saving = True
            self.save_worker = self.app.run_worker(
                self._save(cramp, now), group="writes"
            )  # outlives the screen

    async def _save(self, cramp: NewCramp, now: datetime) -> None:
        """On the app's writer, in a worker: the form keeps answering while the disk is busy."""
        ctx = self.app.context
        logged = await self.app.write(lambda store: Journal.of(ctx, store).at(now).log_cramp(cramp))
        self._saving = False
        if logged is None:  # not saved: the app said why; the form stays filled in
            return
        self.app.post_message(RecordChanged())
        if self.is_current:
            self.dismiss(logged)  # the flow says it where the cramp came
        else:  # left with escape while it was saving: it is in the diary all the same
            self.app.tell(logged.message, seconds=6)

    def action_cancel(self) -> None:
        self.dismiss(None)
