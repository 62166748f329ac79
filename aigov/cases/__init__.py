"""One module per case study, named after its page in ``casestudies/``
(``who-must-hand-over-data.ipynb`` -> :mod:`aigov.cases.who_must_hand_over_data`): the
case's analysis, its charts for the static site and its live form. A case may build on a
chapter lab's module; sourced facts live in ``data/``, not here.
"""
