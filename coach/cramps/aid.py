"""What helps a cramp right now: the stretch for the muscle, then the follow-up steps.

The advice is the health article's (the one the routines come from), each step with the section
it comes from; none of it names a medicine: which medicine, if any, is a doctor's decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.cramps.parse import parse_muscle
from coach.cramps.vocabulary import FIRST_AID_PREFIX, FIRST_AID_ROUTINE

if TYPE_CHECKING:
    from coach.model import Exercise, Routine
    from coach.routines import Catalog


@dataclass(frozen=True)
class Step:
    """One thing to do, with the article section it comes from."""

    text: str
    source: str


FOLLOW_UP = (
    Step(
        "Walk a little, even if it takes an effort: it gets the blood moving and helps the "
        "muscle let go.",
        '"Leg cramps - what to do", item 2; "During pregnancy", item 3',
    ),
    Step(
        "Massage the muscle with light strokes from the centre of the cramp outwards.",
        '"Leg cramps - what to do", item 3',
    ),
    Step(
        "If the cramp still holds, pinch the cramped muscle firmly with your fingers, several "
        "times.",
        '"Leg cramps - what to do", item 5; "3. Exercise for cramps" (walking and pinching)',
    ),
    Step(
        "When it has eased, lie on your back with your legs slightly raised, for example on a "
        "pillow: it helps keep another cramp from coming.",
        '"Leg cramps - what to do", the paragraph after the list',
    ),
)


@dataclass(frozen=True)
class FirstAid:
    """What to do for a cramp in `muscle` now: a stretch from the first-aid routine, then
    the follow-up steps. `exercise` is None if the routine (or a user's replacement of it)
    has no exercise for this muscle; the follow-up steps still apply."""

    muscle: str
    routine: Routine | None
    exercise_index: int | None
    exercise: Exercise | None
    follow_up: tuple[Step, ...] = FOLLOW_UP


def first_aid(catalog: Catalog, muscle: str) -> FirstAid:
    muscle = parse_muscle(muscle)
    routine = catalog.get(FIRST_AID_ROUTINE)
    if routine is not None:
        prefix = FIRST_AID_PREFIX[muscle].lower()
        for i, exercise in enumerate(routine.exercises):
            if exercise.name.lower().startswith(prefix):
                return FirstAid(muscle, routine, i, exercise)
    return FirstAid(muscle, routine, None, None)
