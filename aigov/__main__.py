"""``python -m aigov COMMAND``: the book's command line (:mod:`aigov.book.cli`)."""

import sys

from aigov.book.cli import main

sys.exit(main())
