"""Where the book's files are, relative to this package (installed in editable mode)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DATAPACKAGE = DATA_DIR / "datapackage.json"
BIBLIOGRAPHY = ROOT / "references.bib"
