"""Check boxes and radio buttons whose state shows in the glyph, not only in the colour."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class ClearCheckbox(Checkbox):
    @property
    # Textual declares BUTTON_INNER a plain class attribute and reads it at every render; a
    # property makes the glyph follow the value (reading it is all Textual does with it).
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802
        return "✓" if self.value else " "


class ClearRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - as above
        return "●" if self.value else " "
