"""Shared code for the notebooks of *AI Governance in China*, arranged like the book.

- ``aigov.labs``: one module per chapter lab, named after its page (its calculations,
  charts and live form).
- ``aigov.cases``: one module per case study, named after its page.
- ``aigov.book``: the book's own machinery (Sphinx extensions and chart assets, generated
  pages, student copies, site checks, the command line ``python -m aigov``).
- The shared core, at the top: :mod:`aigov.data` (tables, validated against
  ``data/datapackage.json``), :mod:`aigov.bibliography` (``references.bib``),
  :mod:`aigov.charts` (the Altair theme and offline renderer), :mod:`aigov.forms` (form base
  classes), :mod:`aigov.checks` (argument checks), :mod:`aigov.expressions` (formulas for
  Python and the browser), :mod:`aigov.face_matching` (similarity scores as normal
  distributions), :mod:`aigov.rules` (the rules engine) and :mod:`aigov.paths`.

Labs and cases import the core; cases may import a lab; nothing imports ``aigov.book``
except the command line and Sphinx.
"""

# The book's edition (year.month), shown in every page's footer; appendix/what-changed.md lists each one.
__version__ = "2026.12"
