"""LinkChecker, the independent check of the built site: it crawls both languages over loopback, anchors included,
and refuses to report a clean site when its anchor check did not run.

Why a launcher of our own (tests/linkcheck_launcher.py): run as root, LinkChecker 10.6 drops its privileges to
`nobody` (no option turns this off). When the repository sits in a folder only root can read (a `mktemp -d` folder, as
many CI runners use), `nobody` cannot list LinkChecker's own plugin folder inside .venv, and LinkChecker carries on
without its AnchorCheck plugin, saying nothing: a missing anchor then passes. So the check runs LinkChecker's own
command-line entry point with its privilege drop switched off (it crawls our own files on a loopback port, as the
user who runs the tests), and reads LinkChecker's plugin log (`-D plugin`) to prove AnchorCheck was loaded and run; if
not, it stops with a message that says so and why. The launcher also parses each page once instead of once per anchor
linked into it (its docstring says how), which took the crawl of the site from 200 s to the figure in its test.
"""
from __future__ import annotations

import csv
import functools
import http.server
import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

# LinkChecker's own entry point, as the user who runs it and reading each page once.
LAUNCHER = Path(__file__).with_name("linkcheck_launcher.py")
KEEP_USER = f"import runpy\nrunpy.run_path({str(LAUNCHER)!r}, run_name='__main__')\n"
# Exactly what .venv/bin/linkchecker runs: as root, it drops to `nobody`.
STOCK = ("import sys\n"
         "from linkcheck.command.linkchecker import linkchecker\n"
         "sys.exit(linkchecker())\n")

pytestmark = pytest.mark.slow          # LinkChecker runs in `make test` (a crawl is a process of its own)


class AnchorCheckDidNotRun(AssertionError):
    """LinkChecker finished without its AnchorCheck plugin: a missing anchor would have passed unseen."""


class _UnthrottledHandler(http.server.SimpleHTTPRequestHandler):
    """LinkChecker limits itself to 10 requests a second unless the server sends a 'LinkChecker' header."""

    def end_headers(self):
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()

    def log_message(self, *args):
        pass


def anchor_check_problem(log: str) -> str | None:
    """Why LinkChecker's plugin log (stderr under `-D plugin`) shows that anchors were not checked; None when
    AnchorCheck was enabled and ran on at least one page."""
    if "Enable content plugin AnchorCheck" not in log:
        cause = ("it could not load its AnchorCheck plugin"
                 + (": " + "; ".join(re.findall(r"WARN: could not load module anchorcheck[^\n]*", log))
                    if "could not load module anchorcheck" in log else ""))
        if "dropping privileges by changing user to nobody" in log:
            cause += (" (it ran as root and dropped to the user 'nobody', who cannot read the virtual environment "
                      "in this folder)")
        return (f"LinkChecker did not check anchors: {cause}. A missing anchor would have passed unseen, so this "
                f"check refuses to report the site clean. Fix: run it through tests/test_linkchecker.py's linkcheck(), "
                f"which keeps the current user, and make sure .venv holds the pinned LinkChecker (`make venv`).")
    if "Run plugin AnchorCheck" not in log:
        return ("LinkChecker enabled AnchorCheck but never ran it on a page: no anchor was checked. Check that the "
                "start URL serves HTML and that [AnchorCheck] is in the LinkChecker configuration.")
    return None


def linkcheck(directory: Path, tmp_path: Path, starts=("",), launcher: str = KEEP_USER,
              python: str = sys.executable) -> tuple[int, list[str]]:
    """Serves `directory` on loopback and crawls it with LinkChecker (internal links and anchors).
    Returns (URLs checked, broken ones with their page and reason); raises AnchorCheckDidNotRun when the
    plugin log shows anchors were not checked."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_UnthrottledHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ini = tmp_path / "linkcheckerrc"
    # One thread: LinkChecker's work here is parsing HTML in Python, and with 2 threads it took 135 s to 1 thread's 101 s.
    ini.write_text("[checking]\nthreads=1\nmaxrequestspersecond=1000\ntimeout=30\n"
                   "[filtering]\ncheckextern=0\n[AnchorCheck]\n", encoding="utf-8")
    try:
        proc = subprocess.run([python, "-c", launcher, "-f", str(ini), "--no-robots", "--no-status", "--verbose",
                               "-D", "plugin", "-o", "csv", *(base + start for start in starts)],
                              capture_output=True, text=True, timeout=900, cwd=tmp_path,
                              env={**os.environ, "HOME": str(tmp_path)})
    finally:
        server.shutdown()
    problem = anchor_check_problem(proc.stderr + proc.stdout)
    if problem:
        raise AnchorCheckDidNotRun(problem)
    lines = [line for line in proc.stdout.splitlines() if not line.startswith("#")]
    rows = [row for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=";") if row]
    assert rows and rows[0][0] == "urlname", proc.stdout[-2000:] + proc.stderr[-2000:]
    header, rows = rows[0], rows[1:]
    valid, warning = header.index("valid"), header.index("warningstring")
    # A missing anchor is only a warning to LinkChecker ('valid' stays True): count it as broken.
    broken = [f"{row[0]} in {row[1]}: {row[3]} {row[warning][:200]}" for row in rows
              if row[valid] != "True" or row[warning]]
    return len(rows), broken


def tiny_site(tmp_path: Path) -> Path:
    """A static site with one good link, one missing anchor and one missing page."""
    site = tmp_path / "static"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<html><body><a href="a/#here">ok</a> <a href="a/#gone">anchor</a> '
                                     '<a href="missing/">page</a></body></html>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<html><body><h2 id="here">Here</h2></body></html>', encoding="utf-8")
    return site


def test_linkchecker_reports_a_missing_page_and_a_missing_anchor(tmp_path):
    """The independent checker can fail: a tiny static site with one missing page and one missing anchor."""
    checked, broken = linkcheck(tiny_site(tmp_path), tmp_path)
    assert checked >= 3
    assert len(broken) == 2 and any("missing/" in b and "404" in b for b in broken) \
        and any("a/#gone" in b and "Anchor" in b for b in broken), broken


def test_linkchecker_refuses_to_pass_when_its_anchor_plugin_cannot_load(tmp_path):
    """Simulates the plugin going missing (the import of linkcheck.plugins.anchorcheck fails): the check
    stops with a message naming the cause instead of reporting only the missing page."""
    blocked = "import sys\nsys.modules['linkcheck.plugins.anchorcheck'] = None\n" + KEEP_USER
    with pytest.raises(AnchorCheckDidNotRun, match=r"did not check anchors: it could not load its AnchorCheck plugin"):
        linkcheck(tiny_site(tmp_path), tmp_path, launcher=blocked)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="LinkChecker drops privileges only when run as root")
def test_as_root_in_a_folder_only_root_can_read_stock_linkchecker_is_caught_and_ours_checks_anchors(tmp_path):
    """The case seen in fresh clones: the virtual environment reached through a folder only root can read.
    LinkChecker's stock entry point drops to `nobody`, loses AnchorCheck, and is caught; ours checks anchors."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    os.chmod(private, 0o700)
    venv = private / "venv"
    venv.symlink_to(Path(sys.prefix))
    python = str(venv / "bin" / Path(sys.executable).name)
    site = tiny_site(tmp_path)
    with pytest.raises(AnchorCheckDidNotRun, match=r"dropped to the user 'nobody'"):
        linkcheck(site, tmp_path, launcher=STOCK, python=python)
    checked, broken = linkcheck(site, tmp_path, python=python)
    assert any("a/#gone" in b and "Anchor" in b for b in broken), broken


def test_linkchecker_finds_no_broken_internal_link(handbook_dir, tmp_path):
    """An independent check of the deployable site: LinkChecker crawls both languages over loopback, anchors and
    the links to the PDF handbooks included."""
    checked, broken = linkcheck(handbook_dir, tmp_path, ("", "en/"))
    assert checked > 100, f"LinkChecker checked only {checked} URLs"
    assert not broken, "broken internal links:\n" + "\n".join(broken)
