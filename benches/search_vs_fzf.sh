#!/usr/bin/env bash
# Compares accord's search with `fzf --filter` over the same names, written
# one per line (generated multi-script names: Chinese, Cyrillic, Latin with
# diacritics; see benches/support/names.rs).
#
#   benches/search_vs_fzf.sh [N]        (N names, default 100000)
#
# Needs fzf: on Debian, `apt-get install -y fzf`. Builds the example
# `search_names` in release (once; later runs reuse it).
#
# fzf is timed as a whole run (start, read the file, match, print), best of
# three. accord is timed inside the example: building the index once, one
# search from scratch, and the query typed one character at a time.
#
# The whole-process `accord search` against `fzf --filter` (start-up and
# index build included) is timed by benches/compare.sh.
set -euo pipefail

n=${1:-100000}
queries=("shougang" "kazakh" "univ" "mongolia cancer" "назарбаев" "首钢" "sgyy")

cd "$(dirname "$0")/.."
if ! command -v fzf >/dev/null; then
    echo "search_vs_fzf: fzf is not installed (on Debian: apt-get install -y fzf)." >&2
    exit 1
fi
cargo build --release --quiet --example search_names
bin=target/release/examples/search_names
names=$(mktemp)
trap 'rm -f "$names"' EXIT
"$bin" generate "$n" >"$names"
echo "$n names in $names"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

for q in "${queries[@]}"; do
    echo
    echo "== $q"
    best=""
    for _ in 1 2 3; do
        start=$(now_ms)
        # fzf exits with 1 when nothing matches.
        count=$(fzf --filter "$q" <"$names" | wc -l || true)
        took=$(( $(now_ms) - start ))
        if [[ -z "$best" || "$took" -lt "$best" ]]; then best=$took; fi
    done
    echo "fzf --filter: $count matches, ${best} ms (whole run, best of 3)"
    "$bin" "$names" "$q" 0 2>&1 >/dev/null | sed 's/^/accord: /'
done
