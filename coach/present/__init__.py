"""How the record is shown, where more than one front end shows it the same way.

Glyphs for day statuses (CLI, widgets, status bars, the report), the words at the end of a
session (end screen and plain runner) and the JSON documents scripts read. Plain Python, no
Textual; each submodule imports only what its own output needs, so a widget that wants the
glyphs does not load the session words.
"""
