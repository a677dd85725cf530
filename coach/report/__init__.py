"""`coach report`: the record of the last weeks as one printable, self-contained HTML file.

`data` gathers the numbers by the app's own rules, `charts` lays out the two inline SVG charts,
`render` fills the Jinja2 template. Imported only by `coach report`.
"""
