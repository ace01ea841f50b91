"""LinkChecker's command line (what .venv/bin/linkchecker runs) with two changes, written by hand: nothing else does them.

1. It keeps the user who runs it. Run as root, LinkChecker 10.6 drops its privileges to `nobody` (no option turns
   this off); in a folder only root can read, `nobody` then cannot load the AnchorCheck plugin from .venv, and
   anchors go unchecked without a word (tests/test_linkchecker.py explains and tests it).
2. It parses each page once. With AnchorCheck on, LinkChecker checks every `page#anchor` as a URL of its own: it
   fetches the page again, parses it with BeautifulSoup (for its robots meta tag) and walks the tree twice, for its
   anchors and for its links. The site links into its pages through some 380 anchors, so each page was parsed about
   five times. Here a page's parse is kept by its content, its anchors are collected once per document (its URL
   without the fragment) and its links are queued once: every anchor is still checked against the page it points
   into, and every link is still followed.

Run it as `python tests/linkcheck_launcher.py <linkchecker arguments>`.
"""
import sys
import urllib.parse

from linkcheck import parser
from linkcheck.command import linkchecker as cli
from linkcheck.htmlutil import htmlsoup, linkparse

cli.drop_privileges = lambda: None


def document(url_data) -> str:
    """The page a URL points into: its URL without the fragment."""
    return urllib.parse.urlunsplit(list(url_data.urlparts[:4]) + [""])


_make_soup, soups = htmlsoup.make_soup, {}


def make_soup(markup, from_encoding=None):
    """htmlsoup.make_soup, once per content: LinkChecker only reads the tree."""
    if (markup, from_encoding) not in soups:
        soups[markup, from_encoding] = _make_soup(markup, from_encoding)
    return soups[markup, from_encoding]


htmlsoup.make_soup = make_soup

try:
    from linkcheck.plugins import anchorcheck
except ImportError:           # LinkChecker then reports the plugin missing, and the test refuses to pass (see above)
    anchorcheck = None
else:
    anchors_of: dict[str, list] = {}

    def check(self, url_data):
        """AnchorCheck.check, with the page's anchors collected on its first anchor only."""
        page = document(url_data)
        if page not in anchors_of:
            found = anchorcheck.UrlAnchorCheck()
            linkparse.find_links(url_data.get_soup(), found.add_anchor, linkparse.AnchorTags)
            anchors_of[page] = found.anchors
        found = anchorcheck.UrlAnchorCheck()
        found.anchors = anchors_of[page]
        found.check_anchor(url_data)

    anchorcheck.AnchorCheck.check = check

links_queued: set[str] = set()
_parse_html = parser.parse_html


def parse_html(url_data):
    """parser.parse_html, once per page: `page#a` and `page#b` hold the same links as `page`."""
    page = document(url_data)
    if page not in links_queued:
        links_queued.add(page)
        _parse_html(url_data)


parser.parse_html = parse_html

if __name__ == "__main__":
    sys.exit(cli.linkchecker())
