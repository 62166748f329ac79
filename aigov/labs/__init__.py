"""One module per chapter lab, named after the lab's page (``lab-base-rates.ipynb`` ->
:mod:`aigov.labs.base_rates`): the lab's calculations, its charts for the static site and
its live form for JupyterLab. Shared code belongs in the core (``aigov/*.py``), not here.
"""
