#!/usr/bin/env bash
# Builds the browser page into web/dist/: index.html, its CSS and JavaScript,
# the library as WebAssembly, and the font files it fetches when a kit needs
# them. Run from the repository root: bash web/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

target=wasm32-unknown-unknown
dist=web/dist

# The WebAssembly target of the toolchain in use.
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  echo "web/build.sh: adding the Rust target $target" >&2
  rustup target add "$target"
fi

# wasm-bindgen's CLI must be exactly the version of the wasm-bindgen crate in
# Cargo.lock: the generated JavaScript and the compiled module must agree.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$version" ]; then
  echo "web/build.sh: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "web/build.sh: installing wasm-bindgen-cli $version (a few minutes, once)" >&2
  cargo install wasm-bindgen-cli --version "$version"
fi

nice -n 15 cargo build --release --locked -p mikit-web --target "$target"

rm -rf "$dist"
mkdir -p "$dist/fonts"
wasm-bindgen --target web --no-typescript --out-dir "$dist" \
  "target/$target/release/mikit_web.wasm"
# An empty icon: browsers ask for one, and a 404 is noise in the tests.
: >"$dist/favicon.ico"
cp web/www/index.html web/www/style.css web/www/app.js "$dist/"
# One file per face: the page fetches a face only when the text needs it.
cp fonts/*.ttf "$dist/fonts/"
{
  # The words of `mikit --font-licences` (src/fonts.rs LICENCES); web/test.py
  # compares the two files.
  printf '%s\n\n' "Noto Sans, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans Bengali, Noto Sans Tamil, Noto Sans Thai, Noto Sans Hebrew (Regular, Bold): SIL Open Font License 1.1"
  cat fonts/LICENSE-NotoSans.txt
  printf '\n\nDroid Sans Fallback: Apache License 2.0\n\n'
  cat fonts/LICENSE-DroidSansFallback.txt
  printf '\n\nNanumSquare (Regular, Bold): SIL Open Font License 1.1\n\n'
  cat fonts/LICENSE-NanumSquare.txt
} >"$dist/fonts/LICENCES.txt"
chmod -R a+rX "$dist"

echo "web/build.sh: built $dist ($(du -sh "$dist" | cut -f1)); serve it with: python3 -m http.server -d $dist" >&2
