#!/usr/bin/env bash
# Peak memory and time of `tonghop check` on each hostile input (issue 9).
#
# Writes the inputs with the ignored test `hostile::write_hostile_inputs`,
# builds the release binary, runs `/usr/bin/time -v tonghop check` on each
# file and prints a Markdown table: input, size, what check decided (file
# status and rule codes found), peak RSS in MB, wall time in seconds.
#
# Usage: bench/hostile.sh [DIR]   (DIR: where to write the inputs; default a
# temporary folder, removed at the end). Run from anywhere in the repo.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ $# -ge 1 ]]; then
    dir=$1
    mkdir -p "$dir"
else
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
fi
[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time" >&2; exit 1; }

cargo build --release --quiet
HOSTILE_DIR=$dir cargo test --quiet --test tests -- --ignored --exact \
    hostile::write_hostile_inputs >/dev/null

echo "| input | size | check says | peak RSS (MB) | time (s) |"
echo "|---|---:|---|---:|---:|"
for f in "$dir"/*; do
    name=$(basename "$f")
    short=$name
    if [[ ${#short} -gt 40 ]]; then
        short="${short:0:30}… (${#name} chars)"
    fi
    size=$(stat -c %s "$f")
    out=$(mktemp)
    stats=$(mktemp)
    /usr/bin/time -v -o "$stats" target/release/tonghop check \
        --templates templates --ky 2020-H1 -- "$f" >"$out" 2>&1 || true
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$stats")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$stats")
    # "Tình trạng: ..." line, shortened to its rule in brackets or "counted".
    status=$({ grep -m1 '^Tình trạng:' "$out" || echo "crashed"; } | sed -E \
        -e 's/.*bị loại khỏi tổng hợp \(([A-Z0-9]+)\).*/excluded \1/' \
        -e 's/.*được tính khi tổng hợp.*/counted/')
    rules=$({ grep -oE '^  \[[^]]+\] [A-Z][0-9]{2}' "$out" || true; } | awk '{print $2}' \
        | sort | uniq -c | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "}')
    [[ -n $rules ]] || rules="no finding"
    printf '| %s | %s | %s; %s | %.1f | %s |\n' "$short" "$size" "$status" \
        "$rules" "$(echo "$rss_kb / 1024" | bc -l)" "$wall"
    rm -f "$out" "$stats"
done
