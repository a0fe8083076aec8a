#!/usr/bin/env bash
# Builds the WebAssembly package (bindings/wasm/pkg/) and runs its Node tests.
#
#   bindings/wasm/build.sh             # pkg/node (bundled lexicon) + pkg/node-lite, then tests
#   bindings/wasm/build.sh --web       # also pkg/web and pkg/web-lite (--target web)
#   bindings/wasm/build.sh --no-test   # build only
#   bindings/wasm/build.sh --bench     # also run bench.mjs
#
# Needs rustup (adds the wasm32-unknown-unknown target if missing; if that is impossible the
# step is skipped with "wasm step skipped: <why>" and exit 0), cargo, and Node >= 18 for the
# tests. Installs wasm-bindgen-cli from crates.io at exactly the version of the wasm-bindgen
# crate pinned in Cargo.toml when the installed one differs (into ~/.cargo/bin, or
# $CARGO_INSTALL_ROOT/bin; the first install compiles for several minutes). Nothing
# downloads prebuilt binaries.
#
# Environment: CARGO_TARGET_DIR (default: <repo>/target/wasm), WASM_BINDGEN (a wasm-bindgen
# binary to use instead of the installed one).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

web=0 run_tests=1 bench=0
for arg in "$@"; do
  case $arg in
    --web) web=1 ;;
    --no-test) run_tests=0 ;;
    --bench) bench=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$here/build.sh"; exit 0 ;;
    *) echo "build.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

skip() {
  echo "wasm step skipped: $*"
  exit 0
}
step() {
  echo "== $* ($(( SECONDS - start ))s)"
}
start=$SECONDS

# 1. The wasm32 target.
target=wasm32-unknown-unknown
if command -v rustup >/dev/null 2>&1; then
  if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    step "rustup target add $target"
    rustup target add "$target" || skip "rustup target add $target failed"
  fi
elif ! [ -d "$(rustc --print sysroot 2>/dev/null)/lib/rustlib/$target" ]; then
  skip "no rustup to add the $target target, and the toolchain lacks it"
fi
if [ "$run_tests" = 1 ] || [ "$bench" = 1 ]; then
  command -v node >/dev/null 2>&1 || skip "node not found (needed for the tests)"
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 18 ] || skip "node $(node --version) is older than 18"
fi

# 2. wasm-bindgen-cli, exactly the version of the wasm-bindgen crate.
version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$version" ] || { echo "build.sh: no exact wasm-bindgen pin in Cargo.toml" >&2; exit 1; }
cargo_bin=${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin
bindgen=${WASM_BINDGEN:-}
if [ -z "$bindgen" ]; then
  bindgen=$cargo_bin/wasm-bindgen
  [ -x "$bindgen" ] || bindgen=$(command -v wasm-bindgen || echo "$cargo_bin/wasm-bindgen")
fi
installed=$("$bindgen" --version 2>/dev/null | awk '{print $2}' || true)
if [ "$installed" != "$version" ]; then
  step "cargo install wasm-bindgen-cli $version (installed: ${installed:-none}; first time takes minutes)"
  # --locked uses the CLI's own Cargo.lock; fall back to fresh resolution if the registry
  # lacks a locked version (e.g. a mirror lagging behind crates.io). Built in a temporary
  # target dir (~450 MB), removed afterwards.
  install_target=$(mktemp -d "${TMPDIR:-/tmp}/wasm-bindgen-cli.XXXXXX")
  trap 'rm -rf "$install_target"' EXIT
  cargo install wasm-bindgen-cli --version "$version" --locked --target-dir "$install_target" ||
    cargo install wasm-bindgen-cli --version "$version" --target-dir "$install_target"
  rm -rf "$install_target"
  bindgen=$cargo_bin/wasm-bindgen
fi

# 3. Release builds: with the bundled lexicon, and without (lite).
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/wasm}
wasm=$CARGO_TARGET_DIR/$target/release/namefix_wasm.wasm

bindgen_to() { # bindgen_to <out-dir> <wasm-bindgen target>
  step "wasm-bindgen --target $2 --out-dir pkg/$1"
  rm -rf "pkg/$1"
  "$bindgen" --target "$2" --out-dir "pkg/$1" "$wasm"
  # The web target is an ES module; tell Node (bundlers don't care).
  if [ "$2" = web ]; then echo '{ "type": "module" }' > "pkg/$1/package.json"; fi
}
build() { # build <suffix> [cargo args...]
  local suffix=$1
  shift
  step "cargo build --release --target $target $*"
  cargo build --release --target "$target" "$@"
  bindgen_to "node$suffix" nodejs
  if [ "$web" = 1 ]; then bindgen_to "web$suffix" web; fi
}

# The lite build first, so the bundled build is the one left in the target dir.
if [ "$web" = 0 ]; then rm -rf pkg/web pkg/web-lite; fi # no stale glue from an older build
build -lite --no-default-features
build ""
# The data compiled into the .wasm files keeps its licenses; ship their attribution.
cp "$root/data/README.md" pkg/DATA-README.md
for dir in pkg/*/; do
  printf '   %-14s %s bytes\n' "$dir" "$(wc -c < "$dir/namefix_wasm_bg.wasm")"
done

# 4. Tests (and the optional benchmark).
if [ "$run_tests" = 1 ]; then
  step "node --test tests/"
  node --test tests/
fi
if [ "$bench" = 1 ]; then
  step "node bench.mjs"
  node bench.mjs
fi
step "done"
