#!/usr/bin/env python3
"""Writes the page's words, every language in one file: web/i18n/<lang>.toml
(the page's own words) plus the kit's own field labels from
templates/<lang>/recovery-kit.toml and, in English, `mikit check`'s costs of
a missing value from templates/check.toml.

Usage: python3 web/i18n.py OUT.json   (from the repository root; web/build.sh runs it)
Fails, naming the language and key, when a language lacks a key English has,
has one English lacks, or drops or adds a {placeholder}.
"""

import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["en", "es", "pt-BR", "id", "zh-CN", "ru", "fr", "de", "it", "pl", "tr", "uk", "vi", "hi", "ar", "th"]


def flat(table: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat(value, name + "."))
        else:
            out[name] = value
    return out


def kit_labels(lang: str) -> dict:
    """The kit's label for each details field: the rows of its "fields"
    blocks whose value is the field alone ({account.email})."""
    kit = tomllib.loads((ROOT / "templates" / lang / "recovery-kit.toml").read_text())
    labels = {}
    for block in kit.get("block", []):
        if block.get("type") != "fields":
            continue
        for row in block.get("rows", []):
            found = re.fullmatch(r"\{([a-z_]+\.[a-z_]+)\}", row.get("value", ""))
            if found and "only_if" not in row:
                labels.setdefault(f"field.{found[1]}", row["label"])
    return labels


def words(lang: str) -> dict:
    out = flat(tomllib.loads((ROOT / "web" / "i18n" / f"{lang}.toml").read_text()))
    for key, label in kit_labels(lang).items():
        if key in out:
            sys.exit(f"web/i18n/{lang}.toml: {key} is the kit's own label; take it out")
        out[key] = label
    if lang == "en":
        costs = tomllib.loads((ROOT / "templates" / "check.toml").read_text())["missing"]
        out.update({f"cost.{k}": v for k, v in costs.items() if k != "owner.language"})
    return out


def placeholders(text: str) -> set:
    return set(re.findall(r"\{(\w+)\}", text))


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    every = {lang: words(lang) for lang in LANGS}
    english = every["en"]
    problems = []
    for lang, table in every.items():
        for key in english.keys() - table.keys():
            problems.append(f"{lang}: {key} is missing")
        for key in table.keys() - english.keys():
            problems.append(f"{lang}: {key} is not a key of en")
        for key in english.keys() & table.keys():
            if placeholders(table[key]) != placeholders(english[key]):
                problems.append(f"{lang}: {key} has {sorted(placeholders(table[key]))}, en {sorted(placeholders(english[key]))}")
    if problems:
        sys.exit("web/i18n.py:\n  " + "\n  ".join(sorted(problems)))
    Path(sys.argv[1]).write_text(json.dumps(every, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
