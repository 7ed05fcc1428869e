#!/usr/bin/env bash
# `accord list due` as a whole process, this build against another binary (the previous
# build) in the same run, on the same database: hyperfine means and their ratio.
#
#   bash benches/due.sh OLD_BINARY [RECORDS|DATABASE ...]   # default: 100000 1000000
#
# A number generates a database of that many records (`generate --seed 1`); a path copies
# that database (left untouched) instead. RUNS=15 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: bash benches/due.sh OLD_BINARY [RECORDS|DATABASE ...]}
old=$(realpath "$old")
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(100000 1000000)
command -v hyperfine >/dev/null || { echo "benches/due.sh needs hyperfine" >&2; exit 1; }

cargo build --release --quiet
new="$PWD/target/release/accord"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ACCORD_TODAY=2026-11-23
unset ACCORD_DB

printf '%-38s %-10s %10s %10s %7s %8s\n' "command" "records" "other" "this" "ratio" "lines"
i=0
for t in "${targets[@]}"; do
    i=$((i + 1))
    db="$work/$i.db"
    if [[ "$t" =~ ^[0-9]+$ ]]; then
        "$new" --db "$db" generate --records "$t" --seed 1 >/dev/null 2>&1
    else
        cp -r "$t" "$db"
    fi
    # A copied database was not closed here: the first command opens sled (and keeps its
    # files aside), `check` settles it; the next read writes what this build reads from.
    "$new" --db "$db" list due >/dev/null 2>&1
    records=$("$new" --db "$db" check 2>/dev/null | grep -o '[0-9]* records' | head -1 | cut -d' ' -f1 || true)
    "$new" --db "$db" list due >/dev/null 2>&1
    for args in "list due --overdue" "list due --overdue --json" "list due --within 7d" "list due"; do
        hyperfine -N --warmup 2 --runs "${RUNS:-15}" --style none --export-json "$work/r.json" \
            "$old --db $db $args" "$new --db $db $args" >/dev/null 2>&1
        lines=$("$new" --db "$db" $args | wc -l)
        python3 - "$work/r.json" "$args" "${records:-$t}" "$lines" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
o, n = r[0]["mean"] * 1000, r[1]["mean"] * 1000
print(f"{'accord ' + sys.argv[2]:<38} {sys.argv[3]:<10} {o:>8.1f}ms {n:>8.1f}ms {o / n:>6.1f}x {sys.argv[4]:>8}")
PY
    done
done
