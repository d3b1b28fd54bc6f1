#!/usr/bin/env bash
# Builds the release artifacts into dist/, with SHA256SUMS:
#   mikit-VERSION-x86_64-linux          static (musl), runs on any distribution
#   mikit-VERSION-x86_64-windows.exe    cross-compiled with Debian's mingw-w64
#   mikit_VERSION-1_amd64.deb           /usr/bin/mikit, man page, completions, font licences
# Installs what it needs (Debian packages, rustup targets) when missing.
# .ci/dist-smoke tests what it builds.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

need_apt=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(mingw-w64)
command -v dpkg-deb >/dev/null || need_apt+=(dpkg-dev)
command -v musl-gcc >/dev/null || need_apt+=(musl-tools)
if ((${#need_apt[@]})); then
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
installed=$(rustup target list --installed)
for target in x86_64-unknown-linux-musl x86_64-pc-windows-gnu; do
  grep -qx "$target" <<<"$installed" || rustup target add "$target"
done

version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "mikit"))')

cargo build --release --locked --target x86_64-unknown-linux-musl
cargo build --release --locked --target x86_64-pc-windows-gnu
linux=target/x86_64-unknown-linux-musl/release/mikit

# The man page, completions and licences, made by the binary itself.
assets=target/dist-assets
rm -rf "$assets" && mkdir -p "$assets"
"$linux" man | gzip -9n >"$assets/mikit.1.gz"
"$linux" completions bash >"$assets/mikit.bash"
"$linux" completions zsh >"$assets/_mikit"
"$linux" completions fish >"$assets/mikit.fish"
{
  echo "mikit"
  echo
  echo "mikit is licensed under the MIT license or the Apache License 2.0, at your option."
  echo
  echo "It carries these fonts, each under its own licence:"
  echo
  "$linux" licences
} >"$assets/copyright"

rm -rf dist && mkdir dist
cp "$linux" "dist/mikit-$version-x86_64-linux"
cp target/x86_64-pc-windows-gnu/release/mikit.exe "dist/mikit-$version-x86_64-windows.exe"
# The Debian package, laid out and packed with Debian's own dpkg-deb: the
# static binary, its man page and completions, the font licences in the
# copyright file. (cargo-deb does the same but takes ~8 minutes to install.)
pkg=target/deb/mikit_$version-1_amd64
rm -rf "$pkg" && mkdir -p "$pkg/DEBIAN"
install -Dm755 "$linux" "$pkg/usr/bin/mikit"
install -Dm644 "$assets/mikit.1.gz" "$pkg/usr/share/man/man1/mikit.1.gz"
install -Dm644 "$assets/mikit.bash" "$pkg/usr/share/bash-completion/completions/mikit"
install -Dm644 "$assets/_mikit" "$pkg/usr/share/zsh/vendor-completions/_mikit"
install -Dm644 "$assets/mikit.fish" "$pkg/usr/share/fish/vendor_completions.d/mikit.fish"
install -Dm644 "$assets/copyright" "$pkg/usr/share/doc/mikit/copyright"
sed -e "s/@VERSION@/$version-1/" -e "s/@SIZE@/$(du -sk "$pkg/usr" | cut -f1)/" \
  scripts/deb-control >"$pkg/DEBIAN/control"
dpkg-deb --root-owner-group --build "$pkg" dist/ >/dev/null
(cd dist && sha256sum -- * >SHA256SUMS)
ls -l dist
