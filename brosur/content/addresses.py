"""What counts as a web or e-mail address, for content checks and the PDF's link check alike.

An address printed as a link must be only an address: `info@example.org?bcc=…` would make
every reader's mail program copy someone in secret, so parts after the address are refused.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Letters (any script), digits and . _ + ' - before the @; a domain of at least two labels.
# RFC 5322 allows more (? & = % among them), but in a mailto: link those start its headers.
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")

# Link schemes that are never links in a PDF, whatever the text says: Markdown leaves them
# as the plain text that was typed.
UNSAFE_SCHEMES = ("javascript", "vbscript", "file", "data")


def is_email(text: str) -> bool:
    return EMAIL.fullmatch(text) is not None


def is_web_address(href: str) -> bool:
    parts = urlsplit(href)
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in href


def is_link(href: str) -> bool:
    """A link a reader can follow from paper or screen: a web page or an e-mail address."""
    if href.startswith("mailto:"):
        return is_email(href.removeprefix("mailto:"))
    return is_web_address(href)


def has_scheme(text: str) -> bool:
    """Whether a text starts with a URL scheme (`file:`, `https:`, a Windows drive `C:`)."""
    return re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", text) is not None


def has_unsafe_scheme(href: str) -> bool:
    scheme = href.split(":", 1)[0].strip().lower() if ":" in href else ""
    return scheme in UNSAFE_SCHEMES
