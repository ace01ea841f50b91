"""hooks/validate.py: each kind of bad input stops `mkdocs build` with one exact line per problem; the real site is clean.

Fault tests build small fixture sites with the real config but only this hook (the other hooks have their own
tests and their own data needs), so each fault is judged on its own. The real-site tests build the site with
every hook and inject faults into a copy of the real docs (LinkChecker's crawl of the built site: test_linkchecker.py).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, fixture_site, load_config_yaml, mkdocs_build


FEES = "# 手续费 { #fees }\n\n## 费率 { #rate }\n\n## 何时扣除 { #when-deducted }\n"
FEES_EN = "# Fees { #fees }\n\n## Rate { #rate }\n\n## When it is deducted { #when-deducted }\n"
LATE = "# 钱晚到了 { #late }\n\n费用见[手续费](../causes/fees.md#rate)。\n"
LATE_EN = "# The money arrived late { #late }\n\nSee [fees](../causes/fees.md#rate).\n"
GOOD = {
    "index.md": "# 首页 { #start }\n\n<!-- a comment -->\n<!-- [不是链接](nope.md) -->\n见[晚到](guide/late.md)。\n",
    "index.en.md": "# Start { #start }\n\n<!-- a comment -->\n<!-- [not a link](nope.md) -->\nSee [late](guide/late.md).\n",
    "causes/fees.md": FEES, "causes/fees.en.md": FEES_EN,
    "guide/late.md": LATE, "guide/late.en.md": LATE_EN,
}


def problem_lines(output: str) -> list[str]:
    """The problems a build reported: as warnings ('WARNING -  file:line: ...'), or under -q listed in
    the error that stopped it ('  file:line: ...')."""
    return [re.sub(r"^(WARNING -|) +", "", line) for line in output.splitlines()
            if re.match(r"^(WARNING -  |  )(docs|data|mkdocs\.yml)\S*:", line)]


def build(tmp_path: Path, pages: dict[str, str], config: dict | None = None, files: dict | None = None, *flags: str):
    """Builds a fixture site (real config and hooks); returns (process, problem lines)."""
    config_file = fixture_site(tmp_path, pages, config=config, files=files)
    proc = mkdocs_build(config_file, tmp_path / "site", *flags, env={"HANDBOOK": "0"})
    return proc, problem_lines(proc.output)


def assert_fails_with(proc, problems, *expected):
    assert proc.returncode != 0, f"the build passed:\n{proc.output}"
    assert "in the site's sources" in proc.output or "in strict mode" in proc.output
    for line in expected:
        assert line in problems, f"missing problem line:\n{line}\nreported:\n" + "\n".join(problems)


def test_clean_fixture_builds_and_ignores_links_in_comments(tmp_path):
    proc, problems = build(tmp_path, GOOD)
    assert proc.returncode == 0, proc.output
    assert problems == []
    assert (tmp_path / "site" / "en" / "guide" / "late" / "index.html").is_file()


def test_a_second_build_compiles_no_template_and_gives_the_same_site(tmp_path, monkeypatch):
    """Every build shares Jinja's compiled templates through the hooks' on_env (1 s of a small site's build)."""
    import jinja2
    first = build(tmp_path / "first", GOOD)[0]
    compiled = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *args, **kw: compiled.append(name) or compile_template(self, source, name, *args, **kw))
    second = build(tmp_path / "second", GOOD)[0]
    assert first.returncode == second.returncode == 0, second.output
    # Material's search plugin reads its words for each language from partials/language*.html with an environment
    # of its own, before on_env; every other template comes from the cache.
    again = [name for name in compiled if not name.startswith("partials/language")]
    assert again == [], f"compiled again: {again[:5]}"
    pages = {root: {p.relative_to(root): re.sub(rb"\d\d:\d\d:\d\d", b"", p.read_bytes())      # the build's time
                    for p in (root / "site").rglob("*.html")} for root in (tmp_path / "first", tmp_path / "second")}
    assert pages[tmp_path / "first"] == pages[tmp_path / "second"] and len(pages[tmp_path / "first"]) >= 6


def test_without_a_usable_temporary_folder_the_build_compiles_its_templates(tmp_path, monkeypatch):
    import tempfile
    import main
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    assert main._compiled_templates() is None
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main._compiled_templates() is not None


def test_missing_heading(tmp_path):
    late = LATE.replace("#rate", "#deduction")
    proc, problems = build(tmp_path, {**GOOD, "guide/late.md": late})
    assert_fails_with(proc, problems,
                      "docs/guide/late.md:3: link '../causes/fees.md#deduction': no heading with id 'deduction' "
                      "in docs/causes/fees.md (ids there: fees, rate, when-deducted)")


def test_missing_page(tmp_path):
    proc, problems = build(tmp_path, {**GOOD, "guide/late.en.md": LATE_EN.replace("fees.md", "feez.md")})
    assert_fails_with(proc, problems,
                      "docs/guide/late.en.md:3: link '../causes/feez.md#rate': no page docs/causes/feez.md: "
                      "fix the path or create the page")


def test_missing_twin(tmp_path):
    pages = {**GOOD, "causes/refunds.md": "# 退款 { #refunds }\n"}
    proc, problems = build(tmp_path, pages)
    assert_fails_with(proc, problems,
                      "docs/causes/refunds.md: no English twin docs/causes/refunds.en.md: write it, with the same heading "
                      "ids and links (every page exists in both languages)")


def test_twins_with_different_headings_and_links(tmp_path):
    pages = {**GOOD, "causes/fees.en.md": FEES_EN.replace("{ #when-deducted }", "{ #deducted }") + "\nSee [late](../guide/late.md).\n"}
    proc, problems = build(tmp_path, pages)
    assert_fails_with(
        proc, problems,
        "docs/causes/fees.en.md:5: heading id 'deducted' is not in the Chinese twin docs/causes/fees.md: give the matching "
        "heading there '{ #deducted }', or remove or rename it here",
        "docs/causes/fees.md:5: heading id 'when-deducted' is not in the English twin docs/causes/fees.en.md: give the "
        "matching heading there '{ #when-deducted }', or remove or rename it here",
        "docs/causes/fees.en.md:7: link '../guide/late.md' (to guide/late.md) appears here but not in "
        "the Chinese twin docs/causes/fees.md: make both twins link the same targets")


def test_link_into_the_other_language(tmp_path):
    proc, problems = build(tmp_path, {**GOOD, "guide/late.en.md": LATE_EN.replace("fees.md", "fees.zh.md"),
                                      "guide/late.md": LATE.replace("fees.md", "fees.en.md")})
    assert_fails_with(
        proc, problems,
        "docs/guide/late.en.md:3: link '../causes/fees.zh.md#rate': leads into the other language: link the "
        "language-neutral file '../causes/fees.md#rate' and static-i18n picks each language's page",
        "docs/guide/late.md:3: link '../causes/fees.en.md#rate': leads into the other language: link the "
        "language-neutral file '../causes/fees.md#rate' and static-i18n picks each language's page")


def test_malformed_front_matter_stops_the_build(tmp_path):
    pages = {**GOOD, "causes/fees.md": "---\ndescription: 费率: 按合同\n---\n" + FEES}
    proc, problems = build(tmp_path, pages)
    assert_fails_with(proc, problems,
                      "docs/causes/fees.md:2: front matter is not valid YAML (mapping values are not allowed here): fix the "
                      "syntax, e.g. quote values that contain ': ' or start with '[', '*', '&' or '!'")


def test_external_host_off_the_allowlist(tmp_path):
    ad = "\n[免费申请 POS 机](https://www.pos-seller.example.com/apply)\n"
    proc, problems = build(tmp_path, {**GOOD, "index.md": GOOD["index.md"] + ad,
                                      "index.en.md": GOOD["index.en.md"] + "\n[PBoC](https://www.pbc.gov.cn/)\n"},
                            files={"data/external-hosts.yml": (REPO / "data" / "external-hosts.yml").read_text(encoding="utf-8")})
    assert_fails_with(
        proc, problems,
        "docs/index.md:7: link 'https://www.pos-seller.example.com/apply': host 'www.pos-seller.example.com' is not on the "
        "allowlist of official sites in data/external-hosts.yml: link an official body's page instead (no sellers, "
        "resellers or adverts), or, if 'www.pos-seller.example.com' belongs to an official body, add it there with the "
        "body's name")
    assert not any("host 'www.pbc.gov.cn' is not on the allowlist" in p for p in problems)


def test_absolute_link(tmp_path):
    proc, problems = build(tmp_path, {**GOOD, "guide/late.md": LATE.replace("../causes/fees.md", "/causes/fees/")})
    assert_fails_with(proc, problems,
                      "docs/guide/late.md:3: link '/causes/fees/#rate': absolute links break /en/, offline copies "
                      "and sub-path hosting: write it relative to this page, e.g. '../causes/fees.md#rate'")


BROKEN = {**GOOD, "index.md": GOOD["index.md"].replace("guide/late.md", "guide/lat.md"),
          "causes/fees.md": "---\ndescription: 费率: 按合同\n---\n" + FEES}
BROKEN_LINES = [
    "docs/causes/fees.md:2: front matter is not valid YAML (mapping values are not allowed here): fix the syntax, "
    "e.g. quote values that contain ': ' or start with '[', '*', '&' or '!'",
    "docs/index.md:5: link 'guide/lat.md': no page docs/guide/lat.md: fix the path or create the page",
]


# Each flag variant runs the command in a process of its own, as a user types it: `make test` (slow); the plain build,
# in this process, stays in `make check`.
@pytest.mark.parametrize("flags", [pytest.param(("-q",), marks=pytest.mark.slow, id="quiet"),
                                   pytest.param(("-v",), marks=pytest.mark.slow, id="verbose"),
                                   pytest.param(("-q", "--no-strict"), marks=pytest.mark.slow, id="quiet-not-strict"),
                                   pytest.param((), id="plain")])
def test_problems_stop_the_build_whatever_the_flags(tmp_path, flags):
    """MkDocs 1.6 counts strict-mode warnings through its logger, and -q raises the logger's level, so a
    quiet strict build with a broken link exits 0 (mkdocs issue 4126): the hooks stop it themselves."""
    proc, problems = build(tmp_path, BROKEN, None, None, *flags)
    assert_fails_with(proc, problems, *BROKEN_LINES)
    assert sorted(problems) == sorted(set(problems)), "each problem is listed once"
    if "-q" in flags:
        assert "problems in the site's sources; fix each, then build again:" in proc.output


@pytest.mark.slow
def test_gh_deploy_of_a_broken_site_stops_before_deploying(tmp_path):
    config_file = fixture_site(tmp_path, BROKEN)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "-q", "-f", str(config_file), "--no-history"],
                          cwd=tmp_path, capture_output=True, text=True, env={**__import__("os").environ,
                          "NO_MKDOCS_2_WARNING": "1", "HANDBOOK": "0"})
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert all(line in problem_lines(output) for line in BROKEN_LINES), output
    branches = subprocess.run(["git", "branch", "--list", "gh-pages"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert branches.strip() == "", "nothing may be deployed"


def test_every_problem_is_listed_in_one_run(tmp_path):
    pages = {**GOOD,
             "index.md": GOOD["index.md"].replace("guide/late.md", "guide/lat.md"),
             "index.en.md": GOOD["index.en.md"].replace("guide/late.md", "guide/lat.md"),
             "causes/fees.en.md": FEES_EN + "\n## No id here\n",
             "causes/fees.md": FEES + "\n## 没有 id\n"}
    proc, problems = build(tmp_path, pages)
    expected = [
        "docs/causes/fees.en.md:7: heading 'No id here' has no id: end it with ' { #an-ascii-id }', the same id in both twins",
        "docs/causes/fees.md:7: heading '没有 id' has no id: end it with ' { #an-ascii-id }', the same id in both twins",
        "docs/index.en.md:5: link 'guide/lat.md': no page docs/guide/lat.md: fix the path or create the page",
        "docs/index.md:5: link 'guide/lat.md': no page docs/guide/lat.md: fix the path or create the page",
    ]
    assert_fails_with(proc, problems, *expected)
    assert sorted(problems) == expected, "each problem exactly once"


def test_ids_made_by_generated_content_are_checked_on_the_rendered_page(tmp_path):
    # Footnotes stand in for generated content: their ids exist only in the rendered page, and the
    # unregistered marker tells the hook the Markdown source does not show every id.
    ref = "# 参考 { #ref }\n\n<!-- unit-generated -->\n正文[^1]。\n\n[^1]: 脚注。\n"
    ref_en = "# Reference { #ref }\n\n<!-- unit-generated -->\nText[^1].\n\n[^1]: A note.\n"
    good = {**GOOD, "ref.md": ref, "ref.en.md": ref_en,
            "causes/fees.md": FEES + "\n[注](../ref.md#fn:1)\n", "causes/fees.en.md": FEES_EN + "\n[note](../ref.md#fn:1)\n"}
    proc, problems = build(tmp_path / "good", good)
    assert proc.returncode == 0, proc.output
    bad = {**good, "causes/fees.en.md": FEES_EN + "\n[note](../ref.md#fn:9)\n", "causes/fees.md": FEES + "\n[注](../ref.md#fn:9)\n"}
    proc, problems = build(tmp_path / "bad", bad)
    assert_fails_with(proc, problems,
                      "docs/causes/fees.md:7: link '../ref.md#fn:9': no heading with id 'fn:9' in docs/ref.md "
                      "(ids there: fn:1, fnref:1, ref)",
                      "docs/causes/fees.en.md:7: link '../ref.md#fn:9': no heading with id 'fn:9' in docs/ref.en.md "
                      "(ids there: fn:1, fnref:1, ref)")


def test_configuration_mistakes_say_what_to_set(tmp_path):
    cfg = load_config_yaml(REPO / "mkdocs.yml")
    validation = {**cfg["validation"], "links": {**cfg["validation"]["links"], "anchors": "ignore"}}
    proc, _ = build(tmp_path / "anchors", GOOD, config={"validation": validation})
    assert proc.returncode != 0
    assert "MkDocs' own link validation must stay on: set 'validation: links: anchors: warn' in mkdocs.yml" in proc.output
    proc, _ = build(tmp_path / "hosts", GOOD, files={"data/external-hosts.yml": "hosts:\n  - www.pbc.gov.cn\n"})
    assert proc.returncode != 0
    assert ("hooks/validate.py: the external-link allowlist " in proc.output
            and "must hold a mapping 'hosts:' of host -> the official body it belongs to" in proc.output)


def test_trees_and_index_check_their_links_through_the_shared_resolver():
    """One resolver: the site model makes one SiteMap; the generating modules ask it and resolve no link paths themselves."""
    assert (REPO / "hooks" / "kb" / "site.py").read_text(encoding="utf-8").count("links.SiteMap(") == 1
    for module in ("trees.py", "troubleshooting.py"):
        module_text = (REPO / "hooks" / "kb" / module).read_text(encoding="utf-8")
        assert re.search(r"sitemap\.(check|resolve)\(", module_text), f"hooks/kb/{module} never asks the SiteMap"
        assert "normpath" not in module_text and ".headings" not in module_text, \
            f"hooks/kb/{module} resolves link paths or ids itself: use kb.links.SiteMap"


# ---- the real site ----------------------------------------------------------------------------------

def build_problems(output: str) -> list[str]:
    """The warnings and errors in a build's log, but the holiday data's end date (tests/test_due_date.py)."""
    assert "Documentation built in" in output
    return [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))
            and not line.startswith("WARNING -  holidays: ")]


def test_real_site_builds_with_zero_problems(site_dir):
    import conftest  # the session fixture keeps the build's log on itself
    assert build_problems(conftest.site_dir.build_output) == []


@pytest.mark.slow
def test_the_deployable_site_is_the_html_site_and_its_handbooks_and_builds_with_zero_problems(site_dir, handbook_dir):
    """The tests read the HTML site (`site_dir`, no PDFs); what `make build` deploys must be that site, byte for
    byte, plus the two handbooks."""
    import conftest
    assert build_problems(conftest.handbook_dir.build_output) == []
    files = {root: {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()} for root in (site_dir, handbook_dir)}
    assert sorted(set(files[handbook_dir]) - set(files[site_dir])) == ["pos-handbook-en.pdf", "pos-handbook-zh.pdf"]
    assert set(files[site_dir]) <= set(files[handbook_dir])
    differ = [rel for rel, path in files[site_dir].items() if path.read_bytes() != files[handbook_dir][rel].read_bytes()]
    assert not differ, f"the HTML site and the deployable site differ in {differ[:10]}"


def real_copy(root: Path) -> Path:
    """A copy of the real docs and data with the real config (hooks and overrides from the repository)."""
    import yaml
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "data", root / "data")
    cfg = load_config_yaml(REPO / "mkdocs.yml")
    cfg["hooks"] = [str(REPO / hook) for hook in cfg["hooks"]]
    cfg["theme"]["custom_dir"] = str(REPO / "overrides")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root / "mkdocs.yml"


def _append(root: Path, rel: str, text: str) -> int:
    """Appends text to a real page; returns the line number it lands on."""
    old = (root / "docs" / rel).read_text(encoding="utf-8").rstrip("\n")
    (root / "docs" / rel).write_text(old + "\n\n" + text + "\n", encoding="utf-8")
    return old.count("\n") + 3


def _front_matter(root: Path) -> str:
    page = root / "docs" / "about.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\ndescription:", "---\ndescription: [broken\nx:", 1),
                    encoding="utf-8")
    return "docs/about.en.md:3: front matter is not valid YAML"


def _missing_twin(root: Path) -> str:
    (root / "docs" / "lonely.md").write_text("# 孤单 { #lonely }\n", encoding="utf-8")
    return "docs/lonely.md: no English twin docs/lonely.en.md: write it"


def _troubleshooting_fields(root: Path) -> str:
    # The schema is checked by hooks/troubleshooting_index.py: drop a required field.
    page = root / "docs" / "troubleshooting" / "account-frozen.md"
    text = page.read_text(encoding="utf-8")
    assert "\n  keywords:" in text
    page.write_text(re.sub(r"\n  keywords:.*(\n    .*|\n  - .*)*", "", text, count=1), encoding="utf-8")
    return "docs/troubleshooting/account-frozen.md:3: troubleshooting.keywords is missing"


def _tree_link(root: Path) -> str:
    # The trees hook checks its links through the shared resolver: the message carries SiteMap's wording.
    tree_file = root / "data" / "trees" / "risk-hold.yml"
    lines = tree_file.read_text(encoding="utf-8").split("\n")
    number = next(n for n, text in enumerate(lines, 1) if re.search(r"href: \S+\.md#", text))
    lines[number - 1] = re.sub(r"#[\w-]+", "#no-such-step", lines[number - 1])
    tree_file.write_text("\n".join(lines), encoding="utf-8")
    target = re.search(r"href: (\S+)", lines[number - 1]).group(1)
    return f"data/trees/risk-hold.yml:{number}: node '*': link '{target}': no heading with id 'no-such-step' in docs/"


INJECTIONS = {                      # in this order, so that line numbers stay right when all are injected at once
    "front matter": _front_matter,
    "broken anchor": lambda root: f"docs/about.md:{_append(root, 'about.md', '[首页](index.md#no-such-id)')}: link "
                                  f"'index.md#no-such-id': no heading with id 'no-such-id' in docs/index.md (ids there: ",
    "absolute link": lambda root: f"docs/about.en.md:{_append(root, 'about.en.md', '[home](/en/)')}: link '/en/': absolute "
                                  f"links break /en/, offline copies and sub-path hosting: write it relative to this page, "
                                  f"e.g. 'index.md'",
    "twin heading ids": lambda root: f"docs/index.md:{_append(root, 'index.md', '## 只有中文 {{ #only-in-chinese }}')}: "
                                     f"heading id 'only-in-chinese' is not in the English twin docs/index.en.md",
    "other language": lambda root: f"docs/index.en.md:{_append(root, 'index.en.md', '[about](about.zh.md)')}: link "
                                   f"'about.zh.md': leads into the other language: link the language-neutral file 'about.md'",
    "external host": lambda root: f"docs/about.md:{_append(root, 'about.md', '[免费领 POS 机](https://free-pos.example.com/)')}: "
                                  f"link 'https://free-pos.example.com/': host 'free-pos.example.com' is not on the allowlist "
                                  f"of official sites in data/external-hosts.yml",
    "missing twin": _missing_twin,
    "troubleshooting fields": _troubleshooting_fields,
    "tree link": _tree_link,
}


def _reported(output: str, expected: str) -> bool:
    pattern = re.escape(f"WARNING -  {expected}").replace(re.escape("node '*'"), "node '[^']+'")
    return any(re.match(pattern, line) for line in output.splitlines())


@pytest.mark.slow
def test_all_faults_put_into_the_real_site_are_listed_in_one_run(tmp_path):
    """Every kind of fault in INJECTIONS, put into one copy of the real site, stops its build, each named with its
    file, line and fix. One build for all: the fixture-site tests above show each kind stopping a build on its own."""
    config_file = real_copy(tmp_path / "real")
    expected = {kind: inject(tmp_path / "real") for kind, inject in INJECTIONS.items()}
    proc = mkdocs_build(config_file, tmp_path / "site", env={"HANDBOOK": "0"})
    assert proc.returncode != 0 and ("in strict mode" in proc.output or "in the site's sources" in proc.output), proc.output[-3000:]
    missing = {kind: line for kind, line in expected.items() if not _reported(proc.output, line)}
    assert not missing, f"not reported: {missing}\n{proc.output[-6000:]}"


@pytest.mark.slow
def test_mkdocs_serve_checks_again_on_every_rebuild(tmp_path):
    """Under `mkdocs serve` a fault saved into a page is reported by the rebuild it triggers, and the fix clears it."""
    import os
    import socket
    import time
    config_file = fixture_site(tmp_path, GOOD)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file),
                                 "-a", f"127.0.0.1:{port}"], cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK": "0"})

    def wait_for(text: str, count: int = 1, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            output = log.read_text(encoding="utf-8", errors="replace")
            if output.count(text) >= count:
                return output
            if proc.poll() is not None:
                break
            time.sleep(0.3)
        raise AssertionError(f"'{text}' not seen {count} time(s) in the serve log:\n{log.read_text()[-4000:]}")

    problem = ("docs/guide/late.md:3: link '../causes/fees.md#nope': no heading with id 'nope' in "
               "docs/causes/fees.md (ids there: fees, rate, when-deducted)")
    page = tmp_path / "docs" / "guide" / "late.md"
    try:
        wait_for("Serving on")
        assert "WARNING -  docs/" not in log.read_text(encoding="utf-8")
        page.write_text(LATE.replace("#rate", "#nope"), encoding="utf-8")
        wait_for(problem)
        page.write_text(LATE, encoding="utf-8")
        output = wait_for("Documentation built in", count=2)   # the rebuild after the fix completes cleanly
        assert output.count(problem) == 1
        page.write_text(LATE.replace("#rate", "#nope"), encoding="utf-8")
        wait_for(problem, count=2)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
