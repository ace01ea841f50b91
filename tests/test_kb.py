"""Unit tests of the shared checking functions in hooks/kb (no site is built): languages, pages, links, reports."""
from __future__ import annotations


import pytest

from kb import domain as langs
from kb import links, pages
from kb.links import SiteMap
from kb.report import Problem, summary

HOSTS = {"www.pbc.gov.cn": "People's Bank of China", "cn.unionpay.com": "China UnionPay"}


def site(files: dict[str, str], static=("assets/logo.svg",), hosts=HOSTS) -> SiteMap:
    return SiteMap({path: pages.parse(text, path) for path, text in files.items()}, set(static), "docs", hosts)


FEES = "# 手续费 { #fees }\n\n## 费率 { #rate }\n\n## 何时扣除 { #when-deducted }\n"
FEES_EN = "# Fees { #fees }\n\n## Rate { #rate }\n\n## When it is deducted { #when-deducted }\n"


# ---- kb.lang -----------------------------------------------------------------------------------------

def test_lang_split_and_localized():
    assert langs.split("causes/fees.en.md") == ("causes/fees.md", "en")
    assert langs.split("causes/fees.md") == ("causes/fees.md", "zh")
    assert langs.localized("causes/fees.md", "en") == "causes/fees.en.md"
    assert langs.localized("causes/fees.md", "zh") == "causes/fees.md"


# ---- kb.pages ----------------------------------------------------------------------------------------

def test_parse_reads_front_matter_ids_links_and_lines():
    text = ("---\ndescription: 一句话\ntroubleshooting:\n  family: missing\n---\n\n# 标题 { #start }\n\n"
            "见[费用](../causes/fees.md#rate)和[图](../assets/logo.svg)。\n\n[ref]: ../causes/fees.md\n"
            '<a href="../about.md">关于</a> <https://www.pbc.gov.cn/>\n\n正文[^1]\n\n[^1]: 脚注，不是链接。\n')
    source = pages.parse(text, "troubleshooting/late.md")
    assert source.meta == {"description": "一句话", "troubleshooting": {"family": "missing"}}
    assert source.meta_lines == {"description": 2, "troubleshooting": 3, "troubleshooting.family": 4}
    assert source.keys == {"description": 2, "troubleshooting": 3}
    assert source.body_line == 6
    assert source.headings == {"start": 7}
    assert source.links == [(9, "../causes/fees.md#rate"), (9, "../assets/logo.svg"), (11, "../causes/fees.md"),
                            (12, "../about.md"), (12, "https://www.pbc.gov.cn/")]
    assert source.problems == [] and source.unnamed == []


def test_links_in_code_and_comments_are_not_links():
    text = ("# T { #t }\n\n```md\n[a](nope1.md)\n```\n\n`[b](nope2.md)`\n\n<!-- tree: main -->\n"
            "<!-- [c](nope3.md)\n[d](nope4.md) -->\n[e](yes.md) <!-- [f](nope5.md) --> [g](yes2.md)\n"
            "~~~~\n[h](nope6.md)\n~~~\n~~~~\n")
    source = pages.parse(text, "x.md")
    assert [target for _, target in source.links] == ["yes.md", "yes2.md"]
    assert source.markers == [(9, "tree", "main")]


def test_malformed_front_matter_is_a_problem_not_text():
    source = pages.parse("---\ntitle: a: b\n---\n# T { #t }\n", "x.md")
    assert source.problems == [Problem("docs/x.md", 2, "front matter is not valid YAML (mapping values are not allowed here): "
                                       "fix the syntax, e.g. quote values that contain ': ' or start with '[', '*', '&' or '!'")]
    assert "title" not in source.body


def test_unclosed_and_non_mapping_front_matter():
    unclosed = pages.parse("---\ntitle: x\n# T { #t }\n", "x.md")
    assert unclosed.problems == [Problem("docs/x.md", 1, "front matter opened with '---' is never closed: "
                                         "add a line '---' after the last field")]
    listed = pages.parse("---\n- a\n- b\n---\n", "x.md")
    assert listed.problems == [Problem("docs/x.md", 2, "front matter must be a mapping of 'key: value' lines, "
                                       "found a list: write one 'key: value' per line")]


def test_headings_without_id_and_duplicate_ids_are_recorded():
    source = pages.parse("# 标题\n\n## A { #a }\n\n## B { #a }\n", "x.md")
    assert source.unnamed == [(1, "标题")]
    assert source.duplicates == [(5, "a", 3)]


def test_the_site_model_gives_generated_ids_to_the_pages_with_their_markers():
    from kb import site as kb_site
    codes = ('sides:\n' + "".join(f'  "{side}": {{zh: 甲, en: A, do: {{zh: 做, en: Do}}}}\n' for side in ("C", "M", "N", "—")) +
             'codes:\n  - {code: "51", zh: 资金不足, en: Not sufficient funds, side: C}\n')
    model = kb_site.load({"reference/response-codes.md": "# 码 { #codes }\n\n<!-- response-codes -->\n",
                          "reference/response-codes.en.md": "# Codes { #codes }\n\n<!-- response-codes -->\n"},
                         set(), {"data/response-codes.yml": codes}, [])
    assert model.pages["reference/response-codes.en.md"].ids["code-51"] == 3
    assert model.links.check("reference/response-codes.md", "#code-51") is None


# ---- kb.links: one link ------------------------------------------------------------------------------

@pytest.fixture
def sitemap():
    return site({"causes/fees.md": FEES, "causes/fees.en.md": FEES_EN,
                 "troubleshooting/late.md": "# 晚到 { #late }\n", "troubleshooting/late.en.md": "# Late { #late }\n",
                 "about.md": "# 关于 { #about }\n", "causes/index.md": "# 原因 { #causes }\n",
                 "causes/only-zh.md": "# 只有中文 { #x }\n"})


def test_links_that_resolve(sitemap):
    assert sitemap.check("troubleshooting/late.md", "../causes/fees.md#rate") is None
    assert sitemap.check("troubleshooting/late.en.md", "../causes/fees.md#when-deducted") is None
    assert sitemap.check("troubleshooting/late.md", "#late") is None
    assert sitemap.check("troubleshooting/late.md", "../assets/logo.svg") is None
    assert sitemap.check("troubleshooting/late.md", "https://www.pbc.gov.cn/zhengwugongkai/") is None


def test_missing_heading_names_the_ids_there(sitemap):
    assert sitemap.check("troubleshooting/late.md", "../causes/fees.md#deduction") == (
        "link '../causes/fees.md#deduction': no heading with id 'deduction' in docs/causes/fees.md "
        "(ids there: fees, rate, when-deducted)")
    assert sitemap.check("causes/fees.en.md", "#nope") == (
        "link '#nope': no heading with id 'nope' in docs/causes/fees.en.md (ids there: fees, rate, when-deducted)")


def test_missing_page_and_missing_twin(sitemap):
    assert sitemap.check("troubleshooting/late.md", "../causes/feez.md") == (
        "link '../causes/feez.md': no page docs/causes/feez.md: fix the path or create the page")
    assert sitemap.check("troubleshooting/late.en.md", "../causes/only-zh.md") == (
        "link '../causes/only-zh.md': docs/causes/only-zh.md has no English twin docs/causes/only-zh.en.md: write that page")


def test_links_that_cross_languages(sitemap):
    assert sitemap.check("troubleshooting/late.md", "../causes/fees.en.md#rate") == (
        "link '../causes/fees.en.md#rate': leads into the other language: link the language-neutral file "
        "'../causes/fees.md#rate' and static-i18n picks each language's page")
    assert sitemap.check("troubleshooting/late.en.md", "../causes/fees.en.md") == (
        "link '../causes/fees.en.md': names a language: link the language-neutral file '../causes/fees.md' "
        "and static-i18n picks each language's page")
    assert sitemap.check("troubleshooting/late.en.md", "../causes/fees.zh.md") == (
        "link '../causes/fees.zh.md': leads into the other language: link the language-neutral file "
        "'../causes/fees.md' and static-i18n picks each language's page")
    assert sitemap.check("troubleshooting/late.md", "../en/causes/fees/#rate") == (
        "link '../en/causes/fees/#rate': leads into the English site: link the language-neutral file "
        "'../causes/fees.md#rate' and static-i18n picks each language's page")


def test_absolute_folder_and_html_links_are_rejected(sitemap):
    assert sitemap.check("troubleshooting/late.md", "/causes/fees/#rate") == (
        "link '/causes/fees/#rate': absolute links break /en/, offline copies and sub-path hosting: "
        "write it relative to this page, e.g. '../causes/fees.md#rate'")
    assert sitemap.check("troubleshooting/late.en.md", "/en/causes/fees/") == (
        "link '/en/causes/fees/': absolute links break /en/, offline copies and sub-path hosting: "
        "write it relative to this page, e.g. '../causes/fees.md'")
    assert sitemap.check("troubleshooting/late.md", "../causes/") == (
        "link '../causes/': link the page's Markdown file '../causes/index.md', not a folder")
    assert sitemap.check("troubleshooting/late.md", "../causes/fees.html") == (
        "link '../causes/fees.html': link the page's Markdown file '../causes/fees.md', not a built HTML file")
    assert sitemap.check("troubleshooting/late.md", "../../README.md") == (
        "link '../../README.md': points outside docs/: link a file inside docs/")
    assert sitemap.check("troubleshooting/late.md", "../img/none.png") == (
        "link '../img/none.png': no file docs/img/none.png: fix the path, or link a page's .md file")


def test_external_hosts_must_be_on_the_allowlist(sitemap):
    assert sitemap.check("about.md", "https://pos-free.example.com/apply") == (
        "link 'https://pos-free.example.com/apply': host 'pos-free.example.com' is not on the allowlist of official "
        "sites in data/external-hosts.yml: link an official body's page instead (no sellers, resellers or adverts), "
        "or, if 'pos-free.example.com' belongs to an official body, add it there with the body's name")
    assert sitemap.check("about.md", "tel:95500") == (
        "link 'tel:95500': the site links no phone number or e-mail address (merchants take contact details only "
        "from their contract, the official app or the sales slip): remove the link")
    assert sitemap.check("about.md", "//evil.example/x").startswith("link '//evil.example/x': host 'evil.example'")
    assert sitemap.check("about.md", "HTTPS://WWW.PBC.GOV.CN/") is None
    unjudged = site({"a.md": "# A { #a }\n"}, hosts=None)
    assert unjudged.check("a.md", "https://anything.example/") is None


def test_fragment_into_unregistered_generated_content_is_pending():
    generated = site({"ref.md": "# 代码 { #codes }\n\n<!-- unit-table -->\n", "a.md": "# A { #a }\n"})
    result = generated.resolve("a.md", "ref.md#code-51")
    assert result.pending and result.error is None and result.page == "ref.md" and result.fragment == "code-51"
    plain = site({"ref.md": "# 代码 { #codes }\n", "a.md": "# A { #a }\n"})
    assert plain.resolve("a.md", "ref.md#code-51").error


def test_relative_writes_links_the_resolver_accepts(sitemap):
    link = langs.relative("troubleshooting/late.en.md", "causes/fees.md#rate")
    assert link == "../causes/fees.md#rate"
    assert sitemap.check("troubleshooting/late.en.md", link) is None


# ---- kb.links: whole-site checks ---------------------------------------------------------------------

def test_twins_missing_ids_keys_and_links():
    twins = site({
        "a.md": "---\ndescription: 中文\nkeywords: [x]\n---\n# 甲 { #a }\n\n## 乙 { #b }\n\n[费用](fees.md#rate) [费用](fees.md)\n"
                "[人行](https://www.pbc.gov.cn/)\n",
        "a.en.md": "---\ndescription: English\n---\n# A { #a }\n\n## C { #c }\n\n[fees](fees.md#rate)\n"
                   "[PBoC](https://www.pbc.gov.cn/en/)\n",
        "fees.md": FEES, "fees.en.md": FEES_EN, "lonely.en.md": "# Lonely { #lonely }\n",
    })
    assert sorted(map(str, links.twin_problems(twins))) == [
        "docs/a.en.md:6: heading id 'c' is not in the Chinese twin docs/a.md: give the matching heading there '{ #c }', "
        "or remove or rename it here",
        "docs/a.md:3: front matter key 'keywords' is not in the English twin docs/a.en.md: add it there too, or remove it here",
        "docs/a.md:7: heading id 'b' is not in the English twin docs/a.en.md: give the matching heading there '{ #b }', "
        "or remove or rename it here",
        "docs/a.md:9: link 'fees.md' (to fees.md) appears here but not in the English twin docs/a.en.md: "
        "make both twins link the same targets",
        "docs/lonely.en.md: no Chinese twin docs/lonely.md: write it, with the same heading ids and links "
        "(every page exists in both languages)",
    ]


def test_broken_front_matter_is_not_also_reported_as_missing_keys():
    twins = site({"a.md": "---\ndescription: 中文\n---\n# 甲 { #a }\n", "a.en.md": "---\ndescription: [x\n---\n# A { #a }\n"})
    problems = list(map(str, links.site_problems(twins)[0]))
    assert len(problems) == 1 and problems[0].startswith("docs/a.en.md:2: front matter is not valid YAML"), problems


def test_link_counts_differ_between_twins():
    twins = site({"a.md": "# 甲 { #a }\n[x](#a) [y](#a)\n", "a.en.md": "# A { #a }\n[x](#a)\n"})
    assert list(map(str, links.twin_problems(twins))) == [
        "docs/a.md:2: link '#a' (to a.md#a) appears 2 times here, 1 in the English twin docs/a.en.md: "
        "make both twins link the same targets"]


def test_site_problems_collects_everything_at_once():
    broken = site({"a.md": "---\nx: [\n---\n# 甲\n[b](b.md)\n", "a.en.md": "# A { #a }\n[b](b.md)\n"})
    problems, pending = links.site_problems(broken)
    shown = sorted(map(str, problems))
    assert pending == []
    assert shown == sorted([
        "docs/a.md:2: front matter is not valid YAML (expected the node content, but found '<stream end>'): fix the "
        "syntax, e.g. quote values that contain ': ' or start with '[', '*', '&' or '!'",
        "docs/a.md:4: heading '甲' has no id: end it with ' { #an-ascii-id }', the same id in both twins",
        "docs/a.en.md:1: heading id 'a' is not in the Chinese twin docs/a.md: give the matching heading there '{ #a }', "
        "or remove or rename it here",
        "docs/a.md:5: link 'b.md': no page docs/b.md: fix the path or create the page",
        "docs/a.en.md:2: link 'b.md': no page docs/b.md: fix the path or create the page",
    ])


def test_load_hosts_explains_what_to_fix(tmp_path):
    good = tmp_path / "hosts.yml"
    good.write_text("hosts:\n  www.pbc.gov.cn: People's Bank of China\n", encoding="utf-8")
    assert links.load_hosts(good) == {"www.pbc.gov.cn": "People's Bank of China"}
    bad = tmp_path / "bad.yml"
    bad.write_text("hosts:\n  https://www.pbc.gov.cn/: \n", encoding="utf-8")
    with pytest.raises(ValueError, match="must be a lower-case host name"):
        links.load_hosts(bad)
    with pytest.raises(ValueError, match="is missing: create it"):
        links.load_hosts(tmp_path / "none.yml")


def test_the_repository_allowlist_holds_official_bodies_only():
    from conftest import REPO
    hosts = links.load_hosts(REPO / "data" / "external-hosts.yml")
    assert hosts and all(host.endswith((".gov.cn", "unionpay.com")) for host in hosts), sorted(hosts)


# ---- kb.report ---------------------------------------------------------------------------------------

def test_problem_format_and_the_summary_lists_each_once_in_order():
    problem = Problem("docs/a.md", 3, "link 'x': broken: fix it")
    assert str(problem) == "docs/a.md:3: link 'x': broken: fix it"
    assert str(Problem("docs/a.md", 0, "no twin")) == "docs/a.md: no twin"
    assert summary([problem, problem, Problem("docs/a.md", 1, "first")]) == (
        "2 problems in the site's sources; fix each, then build again:\n"
        "  docs/a.md:1: first\n  docs/a.md:3: link 'x': broken: fix it")
    assert summary([problem], listed_above=True) == "1 problem in the site's sources, listed above; fix each, then build again"


@pytest.mark.xdist_group("one-worker")
def test_pytest_xdist_runs_a_group_on_one_worker(request):
    """`make check` and `make test` run with --dist loadgroup: the tests of one xdist_group share a worker and its
    costly fixtures. pytest-xdist 3.8 marks a grouped test by renaming it 'nodeid@group'; pytest 9.2 keeps node ids
    where 3.8 cannot rename them, and every group was then split across the workers, unseen (hence pytest 9.1.1)."""
    if request.config.getvalue("loadgroup"):
        assert request.node.nodeid.endswith("@one-worker"), (
            f"{request.node.nodeid}: pytest-xdist did not group this test; check the pytest and pytest-xdist pins")
