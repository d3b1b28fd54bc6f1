#!/usr/bin/env python3
"""Blanks, in the page's module, data the library links but never reads, so
that wasm-opt drops it (runs of zeros leave the data segments) and the
download shrinks.

- printpdf's CMYK ICC profile (CoatedFOGRA39.icc, 654 KB): its serializer
  embeds it only in a PDF whose conformance asks for an output intent
  (PDF/X, PDF/A: `must_have_icc_profile`); mikit's documents keep printpdf's
  default conformance, which asks for none, so the bytes are never read. Were
  that to change, the PDFs would differ from the CLI's, and web/test.py,
  which compares them byte for byte, would fail.

Usage: python3 web/prune.py MODULE.wasm   (web/build.sh runs it on
wasm-bindgen's output, before wasm-opt). Fails when a blob is not found
exactly once: the library changed, and this needs a look.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def crate_dir(name: str) -> Path:
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", "wasm32-unknown-unknown"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    dirs = [Path(p["manifest_path"]).parent for p in meta["packages"] if p["name"] == name]
    if len(dirs) != 1:
        sys.exit(f"web/prune.py: {len(dirs)} copies of {name} in the build")
    return dirs[0]


def leb(data: bytes, at: int):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def data_section(module: bytes):
    """The byte range of the module's data section."""
    at = 8
    while at < len(module):
        section = module[at]
        size, start = leb(module, at + 1)
        if section == 11:
            return start, start + size
        at = start + size
    sys.exit("web/prune.py: the module has no data section")


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = Path(sys.argv[1])
    module = bytearray(path.read_bytes())
    start, end = data_section(module)
    blobs = {"printpdf's ICC profile": (crate_dir("printpdf") / "src" / "res" / "CoatedFOGRA39.icc").read_bytes()}
    for what, blob in blobs.items():
        found = module.find(blob, start, end)
        if found < 0 or module.find(blob, found + 1, end) >= 0:
            sys.exit(f"web/prune.py: {what} is not in the module exactly once; check what reads it now")
        module[found : found + len(blob)] = bytes(len(blob))
        print(f"web/prune.py: blanked {what} ({len(blob):,} bytes)", file=sys.stderr)
    path.write_bytes(bytes(module))
    return 0


if __name__ == "__main__":
    sys.exit(main())
