"""PDF: the HTML of one edition → a checked PDF (WeasyPrint with the project's URL fetcher,
the screen, print and archive variants, fit and preflight checks, an atomic write).

In: HTML and its options. Out: a PDF file and what was found in it, or an error naming why
it was not written.
"""
