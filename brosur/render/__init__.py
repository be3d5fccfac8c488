"""Render: validated content + one edition → the HTML of one document (Jinja2, labels,
locale formatting, charts, the theme's CSS variables).

In: `content.load.Content`, an `html.Edition`. Out: an HTML string that names only the
project's own files.
"""
