"""Check boxes and radio buttons whose state shows in the glyph, not only in the colour."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class ClearCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual reads this class attribute name
        return "✓" if self.value else " "


class ClearRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802
        return "●" if self.value else " "
