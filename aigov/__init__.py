"""Shared code for the notebooks of *AI Governance in China*.

Modules:

- :mod:`aigov.data` loads the book's tables, validated against ``data/datapackage.json``.
- :mod:`aigov.charts` holds the book's Altair theme and chart renderer.
- :mod:`aigov.strategy` holds the calculations of the strategy chapter's lab.
- :mod:`aigov.sphinxext` renders charts on the static site with locally served JavaScript.
"""

__version__ = "0.1.0"
