"""The book's own machinery, apart from its content: the Sphinx extensions and chart assets
(:mod:`~aigov.book.site_charts`, :mod:`~aigov.book.theme_patches`), pages generated from
data (:mod:`~aigov.book.appendix`, :mod:`~aigov.book.rules_reference`), student copies and
the answer key (:mod:`~aigov.book.teaching`), notebook hygiene
(:mod:`~aigov.book.notebooks`), checks of the built site (:mod:`~aigov.book.sitecheck`) and
the command line (:mod:`~aigov.book.cli`). Labs and case studies never import from here.
"""
