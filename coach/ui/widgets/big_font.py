"""A 3x5 block font drawn with half blocks, so a cue and a countdown can be read from the floor.

Each glyph is five rows of pixels; two pixel rows share one terminal row (upper and lower half
blocks), so a pixel is about square. `scale` repeats every pixel `scale` times both ways. Text
with a character the font lacks cannot be drawn large: `fits` says so and the caller shows it as
plain text instead (user text is data; nothing here interprets it).
"""

from __future__ import annotations

GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", " # ", " # "),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    "A": (" # ", "# #", "###", "# #", "# #"),
    "B": ("## ", "# #", "## ", "# #", "## "),
    "C": (" ##", "#  ", "#  ", "#  ", " ##"),
    "D": ("## ", "# #", "# #", "# #", "## "),
    "E": ("###", "#  ", "## ", "#  ", "###"),
    "F": ("###", "#  ", "## ", "#  ", "#  "),
    "G": (" ##", "#  ", "# #", "# #", " ##"),
    "H": ("# #", "# #", "###", "# #", "# #"),
    "I": ("###", " # ", " # ", " # ", "###"),
    "J": ("  #", "  #", "  #", "# #", " # "),
    "K": ("# #", "# #", "## ", "# #", "# #"),
    "L": ("#  ", "#  ", "#  ", "#  ", "###"),
    "M": ("# #", "###", "###", "# #", "# #"),
    "N": ("## ", "# #", "# #", "# #", "# #"),
    "O": (" # ", "# #", "# #", "# #", " # "),
    "P": ("## ", "# #", "## ", "#  ", "#  "),
    "Q": (" # ", "# #", "# #", "## ", " ##"),
    "R": ("## ", "# #", "## ", "# #", "# #"),
    "S": (" ##", "#  ", " # ", "  #", "## "),
    "T": ("###", " # ", " # ", " # ", " # "),
    "U": ("# #", "# #", "# #", "# #", "###"),
    "V": ("# #", "# #", "# #", "# #", " # "),
    "W": ("# #", "# #", "###", "###", "# #"),
    "X": ("# #", "# #", " # ", "# #", "# #"),
    "Y": ("# #", "# #", " # ", " # ", " # "),
    "Z": ("###", "  #", " # ", "#  ", "###"),
    " ": ("  ", "  ", "  ", "  ", "  "),
    ":": (" ", "#", " ", "#", " "),
    "·": (" ", " ", "#", " ", " "),
    ".": (" ", " ", " ", " ", "#"),
    ",": (" ", " ", " ", "#", "#"),
    "'": ("#", "#", " ", " ", " "),
    "!": ("#", "#", "#", " ", "#"),
    "?": ("###", "  #", " # ", "   ", " # "),
    "-": ("   ", "   ", "###", "   ", "   "),
    "/": ("  #", "  #", " # ", "#  ", "#  "),
    "(": (" #", "# ", "# ", "# ", " #"),
    ")": ("# ", " #", " #", " #", "# "),
}
PIXEL_ROWS = 5
HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def fits(text: str) -> bool:
    """Whether every character of `text` has a glyph (so it can be drawn large)."""
    return bool(text) and all(ch in GLYPHS for ch in text)


def width(text: str, scale: int) -> int:
    """Columns `text` takes at `scale`: each glyph plus one pixel of space between glyphs."""
    pixels = sum(len(GLYPHS[ch][0]) for ch in text) + max(0, len(text) - 1)
    return pixels * scale


def height(scale: int) -> int:
    """Terminal rows a line of large text takes at `scale`."""
    return -(-PIXEL_ROWS * scale // 2)


def render(text: str, scale: int) -> list[str]:
    """The rows of `text` drawn at `scale` (every character must have a glyph: see `fits`)."""
    pixel_rows: list[str] = []
    for row in range(PIXEL_ROWS):
        line = " ".join(GLYPHS[ch][row] for ch in text)
        wide = "".join(ch * scale for ch in line)
        pixel_rows.extend([wide] * scale)
    if len(pixel_rows) % 2:
        pixel_rows.append(" " * len(pixel_rows[0]))
    return [
        "".join(HALVES[a == "#", b == "#"] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(pixel_rows[::2], pixel_rows[1::2], strict=True)
    ]


def largest_scale(text: str, columns: int, rows: int, most: int = 12) -> int:
    """The largest scale at which `text` fits in `columns` x `rows`; 0 if not even scale 1."""
    if not fits(text):
        return 0
    for scale in range(most, 0, -1):
        if width(text, scale) <= columns and height(scale) <= rows:
            return scale
    return 0
