"""Every path of this repository that README.md names exists, so the docs cannot drift from
the tree: inline mentions such as `bot/platform/callback.py` or `content/lessons/*.toml`
(globs and {a,b} alternatives allowed) and the entries of the tree in "## Layout"."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# A mention counts when it starts at one of the repository's own top-level folders; URLs,
# /etc/… and runtime files such as data/desabot.sqlite3 are not paths of this repository.
TOP_LEVEL = ("bot", "handlers", "sandbox", "tests", "content", "locales", "bench", ".ci")
INLINE = re.compile(
    r"(?<![\w./{}-])((?:" + "|".join(re.escape(t) for t in TOP_LEVEL) + r")/[\w./*{},-]*)"
)
TREE_ENTRY = re.compile(r"^( *)((?:[\w-]+|\.[\w-]+)(?:/[\w.-]*|\.\w+))(?: |$)")
DESCRIPTION_COLUMN = 12  # deeper indentation continues the description of the line above


def inline_mentions(text: str) -> set[str]:
    return {m.rstrip(".,") for m in INLINE.findall(text)}


def layout_tree(text: str) -> list[str]:
    """The paths of the first code block under "## Layout", rebuilt from its indentation."""
    section = text.split("\n## Layout\n", 1)[1]
    block = section.split("```", 2)[1]
    paths: list[str] = []
    parents: list[str] = []
    for line in block.splitlines()[1:]:
        match = TREE_ENTRY.match(line)
        if match is None or len(match.group(1)) >= DESCRIPTION_COLUMN:
            continue
        depth = len(match.group(1)) // 2
        parents = [*parents[:depth], match.group(2)]
        paths.append("".join(parents))
    return paths


def expand(pattern: str) -> list[str]:
    """``locales/{id,en}/x`` → both paths (one pair of braces is all the README uses)."""
    match = re.search(r"\{([^}]*)\}", pattern)
    if match is None:
        return [pattern]
    return [pattern[: match.start()] + alt + pattern[match.end() :] for alt in match[1].split(",")]


def missing(paths: set[str] | list[str]) -> list[str]:
    absent = []
    for mention in sorted(set(paths)):
        for path in expand(mention):
            found = any(ROOT.glob(path)) if "*" in path else (ROOT / path).exists()
            if not found:
                absent.append(path)
    return absent


def test_every_inline_path_in_the_readme_exists() -> None:
    mentions = inline_mentions(README)
    assert len(mentions) > 20  # the extraction still finds the README's paths
    assert missing(mentions) == []


def test_every_entry_of_the_layout_tree_exists() -> None:
    tree = layout_tree(README)
    assert {"bot/domain/", "bot/app.py", "handlers/desa/", "sandbox/", ".ci/run"} <= set(tree)
    assert missing(tree) == []


def test_a_renamed_module_would_be_caught() -> None:
    text = "See `bot/platform/no_such_module.py` and `content/lessons/*.toml`.\n"
    assert missing(inline_mentions(text)) == ["bot/platform/no_such_module.py"]
