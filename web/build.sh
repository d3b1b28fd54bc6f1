#!/usr/bin/env bash
# Builds the browser page into web/dist/: index.html, its CSS and JavaScript,
# the page's words (i18n.json), the library as WebAssembly, and the font files
# it fetches when a kit needs them; every file also precompressed (.br, .gz)
# for a server that sends those as they are (docs/web.md says how).
# Run from the repository root: bash web/build.sh
# Needs: rustup (the wasm32 target is added), python3 (3.11+), gzip, brotli,
# and npm for binaryen's wasm-opt (installed into target/npm once; WASM_OPT=
# names another). Debian 12's wasm-opt (108) breaks the module's
# reference-typed table: it is not used.
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
  # Optimised lightly: it runs once a build on one module, and every fresh
  # CI machine compiles it.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=0 \
    cargo install wasm-bindgen-cli --version "$version"
fi

for tool in python3 gzip brotli; do
  if ! command -v "$tool" >/dev/null; then
    echo "web/build.sh: $tool is missing (apt-get install $tool)" >&2
    exit 1
  fi
done

# The web profile (Cargo.toml): optimised for size, the same PDFs. The
# linker is rust-lld without printpdf's own JavaScript API (web/wasm-link.sh);
# ICU4X's data is its compiled data with the Thai dictionary alone
# (web/icu_data.py).
icu_data=target/web-icu-data
python3 web/icu_data.py "$icu_data"
ICU4X_DATA_DIR="$PWD/$icu_data" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$PWD/web/wasm-link.sh" \
  nice -n 15 cargo build --profile web --locked -p mikit-web --target "$target"

rm -rf "$dist"
mkdir -p "$dist/fonts"
wasm-bindgen --target web --no-typescript --out-dir "$dist" \
  "target/$target/web/mikit_web.wasm"
module="$dist/mikit_web_bg.wasm"
# Data linked but never read (printpdf's ICC profile), blanked for wasm-opt
# to drop (web/prune.py).
python3 web/prune.py "$module"
wasm_opt=${WASM_OPT:-target/npm/node_modules/.bin/wasm-opt}
if [ ! -x "$wasm_opt" ] && [ -z "${WASM_OPT:-}" ] && command -v npm >/dev/null; then
  echo "web/build.sh: installing binaryen's wasm-opt into target/npm (once)" >&2
  npm install --silent --no-audit --no-fund --prefix target/npm binaryen@132
fi
if [ -x "$wasm_opt" ]; then
  # -Oz shrinks what the Rust compiler left, and drops the names; the
  # features come from the module's target_features section. web/test.py
  # checks the PDFs are still the CLI's.
  "$wasm_opt" -Oz -o "$module.opt" "$module"
  mv "$module.opt" "$module"
else
  echo "web/build.sh: no wasm-opt (npm is missing): the module stays larger" >&2
fi
# An empty icon: browsers ask for one, and a 404 is noise in the tests.
: >"$dist/favicon.ico"
cp web/www/index.html web/www/style.css web/www/app.js web/www/boot.js \
  web/www/batch.js web/www/batch-worker.js web/www/sample-kit.png "$dist/"
python3 web/i18n.py "$dist/i18n.json"
# What the page shows before its module loads: who made it, which version,
# and how far the download is (the module's size, as the browser counts it).
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
commit=$(git rev-parse --short=8 HEAD 2>/dev/null || true)
sed -i "s/@VERSION@/${version}${commit:+ ($commit)}/" "$dist/index.html"
sed -i "s/@MODULE_BYTES@/$(wc -c <"$module")/" "$dist/app.js"
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
# Precompressed copies, for servers that send them as they are (nginx
# gzip_static and brotli_static, Caddy's precompressed): the bytes on the
# wire without compressing on every request. Fonts too: a TrueType file
# shrinks by half.
find "$dist" -type f \( -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.json' \
  -o -name '*.wasm' -o -name '*.ttf' -o -name '*.txt' \) | while read -r file; do
  gzip -9 -n -k -f "$file"
  brotli -q 11 -k -f "$file"
done
chmod -R a+rX "$dist"

echo "web/build.sh: built $dist ($(du -sh "$dist" | cut -f1)); serve it with: python3 -m http.server -d $dist" >&2
