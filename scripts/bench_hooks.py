"""Measures what the project's hooks cost: full builds of the real site with and without them (nothing existing does this).

`measure()` builds the real site N times per variant, alternating the variants so that load on the machine
hits them alike, and returns median wall-clock and CPU seconds of `mkdocs build` (as a user waits for it;
CPU time is steadier on a busy machine) and ratios:
- with_hooks: mkdocs.yml as it is; without_hooks: `hooks: []` (generated content then stays an HTML comment).
`checks_seconds()` times reading and checking the site model (kb.site) in process, what every build adds first.
Variants build with --no-strict (the hook-less site has unrendered anchors), into temporary folders, from a
temporary config next to symlinks to docs/, data/, hooks/ and overrides/, so nothing in the checkout changes.
HANDBOOK=0 (default here) leaves out the PDF handbooks, whose rendering would dwarf everything else.

    python scripts/bench_hooks.py [--runs N] [--handbook]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _load_config(path: Path) -> dict:
    """mkdocs.yml as a dict; !ENV tags are kept as tags so the copy behaves like the original."""
    class Loader(yaml.SafeLoader):
        pass

    class Env(list):
        pass

    def env_tag(loader, node):
        value = Env(loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)])
        return value

    Loader.add_constructor("!ENV", env_tag)
    yaml.SafeDumper.add_representer(Env, lambda dumper, data: dumper.represent_sequence("!ENV", list(data), flow_style=True))
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def _variants(root: Path) -> dict[str, Path]:
    config = _load_config(REPO / "mkdocs.yml")
    hooks = list(config.get("hooks") or [])
    for name in ("docs", "data", "hooks", "overrides"):
        if (REPO / name).exists():
            (root / name).symlink_to(REPO / name, target_is_directory=True)
    variants = {
        "with_hooks": hooks,
        "without_hooks": [],
    }
    files = {}
    for name, hook_list in variants.items():
        config_file = root / f"mkdocs-{name}.yml"
        config_file.write_text(yaml.safe_dump({**config, "hooks": hook_list}, allow_unicode=True, sort_keys=False),
                               encoding="utf-8")
        files[name] = config_file
    return files


def _build(config_file: Path, site_dir: Path, env: dict) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the build process): CPU time barely moves when the machine is busy."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "--no-strict", "-q",
                           "-f", str(config_file), "-d", str(site_dir)],
                          cwd=config_file.parent, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{config_file.name} does not build:\n{proc.stdout}{proc.stderr}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def checks_seconds(runs: int = 5) -> float:
    """Median in-process seconds of reading the real site's model and checking it (kb.site: pages, data, links)."""
    sys.path.insert(0, str(REPO / "hooks"))
    from kb import links, site  # noqa: E402
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        site.from_folder(REPO, REPO / links.HOSTS_FILE)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(runs: int = 5, handbook: bool = False) -> dict:
    """Median seconds of a full build per variant and the ratios with/without (1.05 = hooks add 5%)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK": "1" if handbook else "0"}
    with tempfile.TemporaryDirectory(prefix="bench-hooks-") as tmp:
        root = Path(tmp)
        configs = _variants(root)
        for name, config_file in configs.items():          # warm-up: caches (jieba, bytecode), not counted
            _build(config_file, root / f"site-{name}", env)
        times: dict[str, list[float]] = {name: [] for name in configs}
        cpu: dict[str, list[float]] = {name: [] for name in configs}
        for _ in range(runs):
            for name, config_file in configs.items():
                wall, used = _build(config_file, root / f"site-{name}", env)
                times[name].append(wall)
                cpu[name].append(used)
    median = {name: statistics.median(values) for name, values in times.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
    return {
        "runs": runs,
        "handbook": handbook,
        "with_hooks_s": round(median["with_hooks"], 3),
        "without_hooks_s": round(median["without_hooks"], 3),
        "ratio": round(median["with_hooks"] / median["without_hooks"], 3),
        "cpu_with_hooks_s": round(median_cpu["with_hooks"], 3),
        "cpu_without_hooks_s": round(median_cpu["without_hooks"], 3),
        "cpu_ratio": round(median_cpu["with_hooks"] / median_cpu["without_hooks"], 3),
        "site_model_s": round(checks_seconds(), 3),
        "samples_s": {name: [round(v, 3) for v in values] for name, values in times.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--handbook", action="store_true", help="include the PDF handbooks in every build")
    args = parser.parse_args()
    result = measure(args.runs, args.handbook)
    print(f"full build, median of {result['runs']} (HANDBOOK={'1' if result['handbook'] else '0'}):")
    print(f"  with every hook      {result['with_hooks_s']:.2f} s")
    print(f"  without any hook     {result['without_hooks_s']:.2f} s   ratio {result['ratio']:.3f}")
    print(f"CPU seconds: with every hook {result['cpu_with_hooks_s']:.2f}, without any {result['cpu_without_hooks_s']:.2f} "
          f"(ratio {result['cpu_ratio']:.3f})")
    print(f"the site model (read and check every page and data file), in process: {result['site_model_s']:.3f} s")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
