#!/usr/bin/env bash
# Where the app's bytes go (README: "Where the bytes go"). Builds the release
# WASM with its function names kept, in its own target dir (target/size, so
# trunk's build is not disturbed), runs wasm-bindgen and wasm-opt as Trunk
# does (the level and flags of app/index.html, plus -g to keep the names) and
# prints, from twiggy, Markdown tables of the bytes per crate, the largest
# functions and the generic functions with the most bytes over their copies:
# of the residents' page (linli-app), which every kiosk and phone loads. The
# staff page's bundle (linli-staff) gets its total only.
#
#   scripts/size.sh        the tables, 25 functions
#   scripts/size.sh 60     the tables, 60 functions
#
# Names are mangled with `-C symbol-mangling-version=v0`, which writes a
# generic's arguments into its name: `PhantomData<Vec<RosterSlot>> as
# DeserializeSeed` says which of our types a serde copy is for. The optimised
# code is the same as the shipped build's give or take a few KiB (-g keeps
# some names that wasm-opt would otherwise fold). Code under another crate's
# name is often instantiated for ours: the last column counts the bytes whose
# names mention linli_app or linli_model. The first run builds every crate
# (minutes); later runs only what changed. Needs twiggy (installed from
# crates.io if missing), python3 and node (for brotli's figure).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/tools.sh
source scripts/tools.sh build

functions="${1:-25}"
[[ "$functions" =~ ^[0-9]+$ ]] || linli_die "usage: scripts/size.sh [number of functions]"
out=target/size/report
mkdir -p "$out"

if ! command -v twiggy >/dev/null; then
  linli_say "installing twiggy 0.8.0 from crates.io (a few minutes)…"
  cargo install twiggy --version 0.8.0
fi

# The level and flags Trunk passes to wasm-opt, read from app/index.html.
level="$(sed -n 's/.*data-wasm-opt="\([^"]*\)".*/\1/p' app/index.html | head -n1)"
params="$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' app/index.html | head -n1)"
[[ -n "$level" ]] || linli_die "no data-wasm-opt in app/index.html"
grep -qF "data-wasm-opt-params=\"$params\"" app/staff.html ||
  linli_die "app/staff.html's wasm-opt flags differ from app/index.html's"

linli_say "building linli-app with names (target/size)"
# The names stay (strip = false); the flags of .cargo/config.toml stay too,
# since --config adds to them.
CARGO_TARGET_DIR=target/size CARGO_PROFILE_RELEASE_STRIP=false \
  cargo build -q -p linli-app --release --target wasm32-unknown-unknown \
  --config 'target.wasm32-unknown-unknown.rustflags=["-Csymbol-mangling-version=v0"]'

linli_say "wasm-bindgen, then wasm-opt -O$level $params"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name linli-app \
  target/size/wasm32-unknown-unknown/release/linli-app.wasm
# shellcheck disable=SC2086 # the flags are words
wasm-opt "-O$level" $params "$out/linli-app_bg.wasm" -o "$out/shipped.wasm"
# shellcheck disable=SC2086
wasm-opt "-O$level" -g $params "$out/linli-app_bg.wasm" -o "$out/named.wasm"
twiggy top -n 1000000 -f csv "$out/named.wasm" >"$out/top.csv"

# Brotli as the server sends it (quality 11, window 22: server/src/asset.rs).
brotli_size() {
  node -e '
  const zlib = require("node:zlib"), fs = require("node:fs");
  const d = fs.readFileSync(process.argv[1]);
  const b = zlib.brotliCompressSync(d, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 22 } });
  const kib = (n) => `${n} bytes, ${(n / 1024).toFixed(1)} KiB`;
  console.log(`${process.argv[2]}: ${kib(d.length)}; brotli ${kib(b.length)}`);
' "$1" "$2"
}
brotli_size "$out/shipped.wasm" "this build without names"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name linli-staff \
  target/size/wasm32-unknown-unknown/release/linli-staff.wasm
# shellcheck disable=SC2086
wasm-opt "-O$level" $params "$out/linli-staff_bg.wasm" -o "$out/staff.wasm"
brotli_size "$out/staff.wasm" "the staff page's (linli-staff) without names"
# Trunk's build differs only in how its symbols are mangled, which moves
# brotli by up to a KiB: dist/ is what the first-load audit measures.
for wasm in dist/*_bg.wasm; do
  if [[ -f "$wasm" ]]; then brotli_size "$wasm" "$wasm (trunk's last build)"; fi
done
echo

python3 - "$out/top.csv" "$functions" <<'PY'
"""Roll twiggy's per-item sizes up by crate, function and generic function."""
import csv
import re
import sys
from collections import defaultdict

STD = {"core", "alloc", "std", "dlmalloc", "compiler_builtins", "panic_abort"}
OURS = ("linli_app", "linli_model")


def clean(name):
    """Without the crates' disambiguators ([1a2b…]) and legacy hashes."""
    return re.sub(r"::h[0-9a-f]{16}$", "", re.sub(r"\[[0-9a-f]+\]", "", name))


def leading_crate(path):
    m = re.match(r"[&*\s]*(?:mut |const |dyn )*([A-Za-z_][A-Za-z0-9_]*)::", path or "")
    return m.group(1) if m else None


def qualified(name):
    """'<A as B>::f' -> (A, B); '<A>::f' -> (A, None)."""
    depth = 0
    for i, c in enumerate(name):
        depth += (c == "<") - (c == ">")
        if depth == 0:
            inner = name[1:i]
            break
    else:
        return name, None
    depth = 0
    for j, c in enumerate(inner):
        depth += (c in "<([") - (c in ">)]")
        if depth == 0 and inner.startswith(" as ", j):
            return inner[:j], inner[j + 4:]
    return inner, None


def crate_of(name):
    """The crate whose code an item is; None for what is not shipped (names)."""
    n = clean(name)
    if "subsection" in n or n.startswith("custom section"):
        return None
    if n.startswith("data segment"):
        return "(data: texts, vtables, tables)"
    if n.startswith(("__wbg_", "__wbindgen", "__externref")) or ("shim" in n and "::" not in n):
        return "wasm_bindgen"
    if n.startswith(("import ", "export ")):
        return "(imports and exports)"
    if n.startswith("<"):
        a, b = qualified(n)
        # `<Vec<T> as Trait>::f` is the trait's crate's code; `<Our as Trait>`
        # is ours.
        crate = leading_crate(a)
        if crate and crate not in STD:
            return crate
        if b is None and re.match(r"[&\[(]|(str|char|bool|[iuf](8|16|32|64|128|size))\b", a):
            return "core"  # an inherent method of a slice, str or number
        return leading_crate(b) or crate or "(other)"
    return leading_crate(n) or "(wasm tables, unnamed code)"


def family(name):
    """A generic function without its arguments: its copies add up here."""
    n = clean(name)
    for _ in range(8):
        # Generic arguments only: `Vec<T>`, `f::<T>`; not `<A as B>::f`.
        n = re.sub(r"(?<=[\w:<])<[^<>]*>", "", n)
    n = re.sub(r"(::)+", "::", n).removesuffix("::")  # `f::<T>::{closure}`
    return re.sub(r"\{closure#\d+\}", "{closure}", n)


def short(text, width=110):
    return text if len(text) <= width else text[: width - 1] + "…"


path, top_n = sys.argv[1], int(sys.argv[2])
rows = [(clean(r["Name"]), int(r["ShallowSize"]), crate_of(r["Name"]), r["Name"])
        for r in csv.DictReader(open(path))]
rows = [r for r in rows if r[2] is not None]
total = sum(size for _, size, _, _ in rows)

by_crate, ours, count = defaultdict(int), defaultdict(int), defaultdict(int)
for name, size, crate, raw in rows:
    crate = "std (core, alloc, dlmalloc)" if crate in STD else crate
    by_crate[crate] += size
    count[crate] += 1
    if crate not in OURS and any(o + "[" in raw or o + "::" in raw for o in OURS):
        ours[crate] += size

print("| crate | bytes | share | items | of which for linli types |")
print("|---|---:|---:|---:|---:|")
rest = 0
for crate, size in sorted(by_crate.items(), key=lambda kv: -kv[1]):
    if size < total / 200:
        rest += size
        continue
    mine = f"{ours[crate]:,}" if ours[crate] else ""
    print(f"| {crate} | {size:,} | {100 * size / total:.1f}% | {count[crate]:,} | {mine} |")
print(f"| (crates under 0.5% each) | {rest:,} | {100 * rest / total:.1f}% | | |")
print(f"| **total** (code and data, before brotli) | **{total:,}** | 100% | | |")

print()
print("| bytes | function |")
print("|---:|---|")
for name, size, _, _ in sorted(rows, key=lambda r: -r[1])[:top_n]:
    print(f"| {size:,} | `{short(name)}` |")

families, copies = defaultdict(int), defaultdict(int)
for name, size, _, _ in rows:
    families[family(name)] += size
    copies[family(name)] += 1
print()
print("| bytes | copies | generic function (all its instantiations) |")
print("|---:|---:|---|")
many = [(f, s) for f, s in families.items() if copies[f] > 1]
for name, size in sorted(many, key=lambda kv: -kv[1])[:15]:
    print(f"| {size:,} | {copies[name]} | `{short(name)}` |")
PY
