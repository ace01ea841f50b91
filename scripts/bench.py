"""`make bench`: build time, page weight, search, PDF handbooks and Lighthouse, each against a
baseline measured in the same run on the same machine; prints one table, writes bench/results.json.

Pages are served with gzip, as a static host would. Baselines: the build without the project's
hooks (bench_hooks), and a stock Material build of
the same pages (Material's defaults: no overrides, no extra CSS/JS, theme fonts on, only the
hooks that put content on the page: decision trees and the troubleshooting index).
Nothing existing measures these together, hence this script.
"""
from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "scripts"), str(REPO / "tests"), str(REPO / "hooks")]

import bench_hooks  # noqa: E402
import bench_search  # noqa: E402
from bench_search import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from conftest import load_config_yaml, mkdocs_build, pdf_pages  # noqa: E402

OUT = REPO / "bench" / "results.json"
LIGHTHOUSE = REPO / "bench" / "node_modules" / ".bin" / "lighthouse"   # bench/package.json pins 12.2.3
LIGHTHOUSE_CHROME = os.environ.get("LIGHTHOUSE_CHROME", "/usr/bin/chromium")  # the full browser: Lighthouse runs --headless=new
# Pages measured for weight and Lighthouse: start page, troubleshooting index, a decision-tree page.
PAGES = ["", "troubleshooting/", "check/payment-succeeded/"]
STOCK_HOOK = REPO / "bench" / "stock_hook.py"     # the generated content only, so both builds show the same pages


def stock_config(root: Path) -> Path:
    """The real docs under Material's defaults (see module docstring)."""
    cfg = load_config_yaml(REPO / "mkdocs.yml")
    cfg["docs_dir"] = str(REPO / "docs")
    cfg["hooks"] = [str(STOCK_HOOK)]
    theme = cfg["theme"]
    for key in ("custom_dir", "font"):
        theme.pop(key, None)
    cfg["extra_css"], cfg["extra_javascript"] = [], []
    cfg.pop("extra", None)
    cfg["validation"] = {"omitted_files": "info", "absolute_links": "info", "unrecognized_links": "info", "anchors": "info"}
    cfg["strict"] = False
    path = root / "mkdocs.stock.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def page_weight(browser, base_url: str, path: str) -> dict:
    """Bytes the browser fetches for one page, by kind, raw and gzip-compressed; other hosts counted."""
    context = browser.new_context()
    page = context.new_page()
    fetched, foreign = [], []

    def on_response(response):
        if response.url.startswith(base_url):
            try:
                body = response.body()
            except Exception:   # redirects and aborted requests have no body
                return
            fetched.append((response.request.resource_type, len(body), len(gzip.compress(body, 6))))

    page.on("response", on_response)
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((base_url, "data:", "blob:")) else None)
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page.goto(base_url + path, wait_until="networkidle")
    context.close()
    kinds: dict[str, int] = {}
    for kind, raw, _ in fetched:
        kinds[kind] = kinds.get(kind, 0) + raw
    return {"raw": sum(r for _, r, _ in fetched), "gzip": sum(g for _, _, g in fetched), "by_kind": kinds,
            "requests": len(fetched), "other_hosts": sorted(set(foreign))}


def lighthouse(url: str, workdir: Path) -> dict:
    """Lighthouse mobile scores (performance, accessibility, best practices, SEO) for one URL."""
    report = workdir / "lh.json"
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
           "--only-categories=performance,accessibility,best-practices,seo",
           f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": LIGHTHOUSE_CHROME}, timeout=300)
    if proc.returncode != 0 or not report.exists():
        return {"error": (proc.stderr or proc.stdout)[-400:]}
    data = json.loads(report.read_text())
    return {name: data["categories"][name]["score"] for name in ("performance", "accessibility", "best-practices", "seo")}


def pdf_figures(site: Path, log: str) -> dict:
    figures = {}
    for lang in ("zh", "en"):
        pdf = site / f"pos-handbook-{lang}.pdf"
        seconds = re.search(rf"pos-handbook-{lang}\.pdf: \d+ pages, [\d.]+ MB in ([\d.]+) s", log)
        figures[lang] = {"seconds": float(seconds.group(1)) if seconds else None,
                         "bytes": pdf.stat().st_size, "pages": pdf_pages(pdf)}
    return figures


def main() -> int:
    from playwright.sync_api import sync_playwright

    (REPO / "bench").mkdir(exist_ok=True)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("1/5 build time with and without the project's hooks ...", flush=True)
        results["build"] = bench_hooks.measure()

        print("2/5 building the site and a stock Material build of the same pages ...", flush=True)
        started = time.perf_counter()
        proc = mkdocs_build(REPO / "mkdocs.yml", tmp / "site", here=False)   # timed as a user runs it
        full_build = time.perf_counter() - started
        if proc.returncode:
            print(proc.output)
            return 1
        stock = mkdocs_build(stock_config(tmp), tmp / "stock", here=False)
        if stock.returncode:
            print(stock.output)
            return 1

        servers = contextlib.ExitStack()
        urls = {name: servers.enter_context(bench_search.serve(tmp / name)) for name in ("site", "stock")}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["weight"] = {}
            for lang_root in ("", "en/"):
                for path in PAGES:
                    ours = page_weight(browser, urls["site"], lang_root + path)
                    base = page_weight(browser, urls["stock"], lang_root + path)
                    results["weight"][lang_root + path or "/"] = {
                        "ours": ours, "stock": base,
                        "ratio_raw": round(ours["raw"] / base["raw"], 3), "ratio_gzip": round(ours["gzip"] / base["gzip"], 3)}
            browser.close()

        print("3/5 search index size and keystroke-to-results time ...", flush=True)
        results["search"] = bench_search.measure(tmp / "site")

        print("4/5 PDF handbooks ...", flush=True)
        results["pdf"] = pdf_figures(tmp / "site", proc.output)
        results["pdf"]["full_build_seconds"] = round(full_build, 2)

        print("5/5 Lighthouse mobile (lighthouse 12.2.3) ...", flush=True)
        results["lighthouse"] = {}
        for lang_root in ("", "en/"):
            for path in PAGES:
                key = lang_root + path or "/"
                results["lighthouse"][key] = {"ours": lighthouse(urls["site"] + lang_root + path, tmp),
                                              "stock": lighthouse(urls["stock"] + lang_root + path, tmp)}
        servers.close()

    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(results)
    print(f"\nwritten: {OUT.relative_to(REPO)}")
    return 0


def print_table(r: dict) -> None:
    rows = [("figure", "ours", "baseline", "ratio / target")]
    b = r["build"]
    rows.append(("build wall s, median (hooks vs none)", f"{b['with_hooks_s']:.2f}", f"{b['without_hooks_s']:.2f}", f"{b['ratio']:.3f} (≤ 1.15)"))
    rows.append(("build CPU s, median (hooks vs none)", f"{b['cpu_with_hooks_s']:.2f}", f"{b['cpu_without_hooks_s']:.2f}", f"{b['cpu_ratio']:.3f}"))
    rows.append(("  of which the site model, in process (s)", f"{b['site_model_s']:.3f}", "—", "—"))
    for page, w in r["weight"].items():
        rows.append((f"page weight {page} (gzip bytes)", str(w["ours"]["gzip"]), str(w["stock"]["gzip"]),
                     f"{w['ratio_gzip']:.3f} (≤ 1.00; stock also asks {len(w['stock']['other_hosts'])} other-host URLs)"))
    for lang, s in r["search"]["search"].items():
        index = r["search"]["index"][lang]
        rows.append((f"search {lang}: index bytes (gzip); keystroke→results ms median, worst",
                     f"{index['bytes']} ({index['gzip_bytes']})",
                     f"{s['keystroke_to_results_ms_median']}, {s['keystroke_to_results_ms_worst']}",
                     f"{s['top3_hits']}/{s['queries']} in top 3, {s['cross_language_results']} cross-language"))
    for lang in ("zh", "en"):
        p = r["pdf"][lang]
        rows.append((f"PDF {lang}: seconds, MB, pages", f"{p['seconds']}", f"{p['bytes'] / 1e6:.2f} MB, {p['pages']} p",
                     f"{p['seconds'] / r['pdf']['full_build_seconds']:.2f} of the full build"))
    for page, lh in r["lighthouse"].items():
        ours, stock = lh["ours"], lh["stock"]
        fmt = lambda s: "error" if "error" in s else " ".join(f"{s[k]:.2f}" for k in ("performance", "accessibility", "best-practices", "seo"))
        rows.append((f"Lighthouse {page} (perf a11y bp seo)", fmt(ours), fmt(stock), "≥ 0.98 1.00 1.00 1.00"))
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    sys.exit(main())
