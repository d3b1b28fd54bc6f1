#!/usr/bin/env python3
"""Writes the ICU4X data the page's module is built with (ICU4X_DATA_DIR,
ICU4X's own way to replace its compiled data): the compiled data of the ICU4X
data crates in the browser build, the same files, with one change. The line
segmenter's dictionaries are Thai, Lao, Khmer and Burmese; mikit prints Thai
(its templates, and Thai names) and refuses text in the other three scripts
before any line is laid out (no bundled font draws them), so only the Thai
dictionary is kept: 700 KB less in the module. For a language without a
dictionary ICU4X's loader reports a missing locale and segments without one,
as a build without that data would.

Usage: python3 web/icu_data.py OUT_DIR   (web/build.sh runs it)
Fails, saying so, when the data files are not shaped as this expects (an
ICU4X update): the build then needs a look, not a silent fallback.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The ICU4X data crates the browser build compiles (cargo tree -p mikit-web
# --target wasm32-unknown-unknown): the first one's mod.rs is the base.
DATA_CRATES = ["icu_segmenter_data", "icu_locale_fallback_data"]
DICTIONARIES = "segmenter_dictionary_extended_v2.rs.data"
KEPT = "thaidict"
ENTRY = "icu::segmenter::provider::DictionaryBreakData::ZeroTrie {"


def data_dirs() -> list:
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", "wasm32-unknown-unknown"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    found = {}
    for package in meta["packages"]:
        if package["name"] in DATA_CRATES:
            if package["name"] in found:
                sys.exit(f"web/icu_data.py: two versions of {package['name']} in the build")
            found[package["name"]] = Path(package["manifest_path"]).parent / "data"
    missing = [c for c in DATA_CRATES if c not in found]
    if missing:
        sys.exit(f"web/icu_data.py: {missing} not in the build; update DATA_CRATES")
    return [found[c] for c in DATA_CRATES]


def thai_only(text: str) -> str:
    """The dictionaries' data with the Thai one alone: one key in the lookup
    trie (ASCII bytes, then 0x80, value 0) and one value."""
    trie = re.search(r'ZeroTrieSimpleAscii \{ store: b"und\\x1E([^"]*)" \}', text)
    if not trie or not trie[1].endswith("urmesedict\\x80hmerdict\\x81aodict\\x82haidict\\x83"):
        sys.exit(f"web/icu_data.py: {DICTIONARIES}: the lookup trie is not the expected one")
    text = text.replace(trie[0], f'ZeroTrieSimpleAscii {{ store: b"und\\x1E{KEPT}\\x80" }}', 1)
    values = text.index("const VALUES")
    starts = [m.start() for m in re.finditer(re.escape(ENTRY), text[values:])]
    if len(starts) != 4:
        sys.exit(f"web/icu_data.py: {DICTIONARIES}: {len(starts)} dictionaries, expected 4 (Burmese, Khmer, Lao, Thai)")
    # The values are in the trie's order (burmese, khmer, lao, thai): keep the last.
    return text[: values + starts[0]] + text[values + starts[3] :]


def write(path: Path, text: str):
    """Writes only what changed: the data crates rebuild when a file does."""
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    dirs = data_dirs()
    includes = []
    for d in dirs:
        for f in sorted(d.glob("*.rs.data")):
            text = f.read_text()
            if f.name == DICTIONARIES:
                text = thai_only(text)
            write(out / f.name, text)
        includes += [l for l in (d / "mod.rs").read_text().splitlines() if l.startswith("include!(")]
    # The base crate's macros (make_provider, impl_data_provider), once; every
    # crate's data files.
    base = (dirs[0] / "mod.rs").read_text().splitlines()
    rest = [l for l in base if not l.startswith("include!(")]
    write(out / "mod.rs", "\n".join([rest[0], *sorted(set(includes)), *rest[1:]]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
