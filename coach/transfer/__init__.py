"""Taking the record out (CSV for a spreadsheet, JSON for another machine) and merging it back.

- `format`: the export's name, version, fields and limits, and `ImportFileError`
- `export`: writing JSON (`export_document`, `export_json`) and CSV (`export_csv`)
- `checks`: checking a parsed file field by field, each problem with where it is
- `importer`: reading and checking a file (`read_export`) and merging it (`import_export`)
"""

from __future__ import annotations

from coach.transfer.export import export_csv, export_document, export_json
from coach.transfer.format import CSV_COLUMNS, FORMAT, VERSION, ImportFileError
from coach.transfer.importer import ExportContents, import_export, read_export

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "VERSION",
    "ExportContents",
    "ImportFileError",
    "export_csv",
    "export_document",
    "export_json",
    "import_export",
    "read_export",
]
