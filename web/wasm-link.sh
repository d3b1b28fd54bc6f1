#!/usr/bin/env bash
# The linker of the page's WebAssembly (web/build.sh sets it): the Rust
# toolchain's own rust-lld, with one change. printpdf exports a JavaScript API
# of its own on wasm32 (Pdf_BytesToDocumentSync, Pdf_HtmlToDocumentSync, ...:
# PDF parsing, HTML and SVG rendering, image decoding), whatever its features;
# mikit never calls it, but an export is a root the linker keeps, with every
# function and table it reaches: a megabyte of code and data. Those exports
# (and their wasm-bindgen descriptions) are not passed on.
set -euo pipefail
sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
args=()
skip=false
for arg in "$@"; do
  if $skip; then
    skip=false
    case "$arg" in
      Pdf_* | __wbindgen_describe_Pdf_*) continue ;;
      *) args+=(--export "$arg") ;;
    esac
  elif [ "$arg" = --export ]; then
    skip=true
  else
    case "$arg" in
      --export=Pdf_* | --export=__wbindgen_describe_Pdf_*) ;;
      *) args+=("$arg") ;;
    esac
  fi
done
exec "$sysroot/lib/rustlib/$host/bin/rust-lld" "${args[@]}"
