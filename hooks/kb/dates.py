"""The "last updated" line of a page, labelled by where its date came from: the page's last commit, the
oldest commit of a shallow clone (the page may be older), or the build date when git has no history for
it (a copied folder, a tarball, a page not yet committed). Hand-written: mkdocs-git-revision-date-localized
gives the date, but says nothing on the page when it falls back."""
from __future__ import annotations

GIT, SHALLOW, BUILD = "git", "shallow", "build"

LABELS = {
    "zh": {GIT: "最后更新：{date}", SHALLOW: "最后更新：不晚于 {date}", BUILD: "生成于 {date}（没有修改记录）"},
    "en": {GIT: "Last updated: {date}", SHALLOW: "Last updated: {date} or earlier", BUILD: "Built on {date} (no change history)"},
}


def kind(commit: str, shallow: frozenset[str] | set[str]) -> str:
    """Where a page's date came from: no commit (the plugin fell back to the build date), a shallow
    clone's boundary commit (every file older than the clone shows that commit), or a real commit."""
    if not commit:
        return BUILD
    return SHALLOW if commit in shallow else GIT


def label(date_html: str, lang: str, source: str) -> str:
    """The plugin's date (HTML with its own spans) inside the visible label for `source`."""
    return f'<span class="kb-updated kb-updated--{source}">{LABELS[lang][source].format(date=date_html)}</span>'


def status_message(inside_git: bool, shallow: bool) -> str | None:
    """One build-log line saying how dates are shown, or None when they come from a full history."""
    if not inside_git:
        return ("page dates: not a git checkout, so pages show the build date, labelled as such; "
                "build from a git clone to show when each page last changed")
    if shallow:
        return ("page dates: shallow clone, so pages last changed before its oldest commit show that commit's date as "
                "'or earlier'; fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI) for exact dates")
    return None
