"""The offline archive of the site: the built HTML in one zip file that works opened from disk.

Unpacked anywhere, its ``index.html`` opens in a browser from the file system (``file://``)
or from any static web server: every page, chart and search result works without a network,
since the site loads nothing from another host, draws its charts with scripts it serves
itself (added as ``<script>`` elements, which browsers run from disk, not fetched) and
searches with ``searchindex.js``, also a script.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from aigov import __version__
from aigov.paths import ROOT

NAME = "ai-governance-in-china"
DEFAULT_HTML = ROOT / "_build" / "html"


def default_archive() -> Path:
    return ROOT / "dist" / f"{NAME}-{__version__}-site.zip"


def build_site(root: Path = ROOT) -> Path:
    """Build the book as CI does (warnings are errors) and return its HTML folder."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", "-W", "-n", "--keep-going", str(root)]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ValueError(f"the book did not build (jupyter-book exit status {done.returncode}):\n{done.stdout[-3000:]}")
    return root / "_build" / "html"


def write_archive(html_dir: Path, out: Path) -> Path:
    """Zip a built site into ``out``, under one folder named after the archive, and return ``out``."""
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").is_file() or not (html_dir / "searchindex.js").is_file():
        raise ValueError(f"{html_dir} is not a built site (no index.html and searchindex.js): build the book first")
    top = Path(out).stem
    files = sorted(p for p in html_dir.rglob("*") if p.is_file() and p.name != ".buildinfo")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            archive.write(path, f"{top}/{path.relative_to(html_dir).as_posix()}")
    return out
