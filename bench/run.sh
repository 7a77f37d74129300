#!/usr/bin/env bash
# Benchmark `tonghop run` on a synthetic inbox of N reports.
#
#   bench/run.sh [N] [--ky 2020-H1] [--seed 1] [--loi K] [--giu]
#
# Builds the release binaries, writes a synthetic plan with N units and one
# report per unit into a temporary folder (examples/gen_inbox.rs), then
# measures in one run the wall time and peak memory of `tonghop run`
# (/usr/bin/time -v) and the inflate floor (../shared/bench/inflate_floor.py:
# inflating every workbook in one Python thread), and prints the ratio
# tonghop / floor with the machine's cores and memory. See bench/README.md.
set -euo pipefail

N=1000
KY=2020-H1
SEED=1
LOI=0
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --ky) KY=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --loi) LOI=$2; shift 2 ;;
    --giu|--keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) N=$1; shift ;;
    *) echo "bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
REPO=$(pwd)
FLOOR="${INFLATE_FLOOR:-$REPO/../shared/bench/inflate_floor.py}"
SCORER="$REPO/../shared/tools/score.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tonghop-bench.XXXXXX")
cleanup() {
  if [ "$KEEP" = 1 ]; then
    echo "bench: files kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

secs() { # "1:02:03.5" or "2:03.5" → seconds
  awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else if (NF == 2) print $1 * 60 + $2; else print $1 }'
}
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }

CORES=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN || echo "?")
MEM=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo "?")
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo "?")
echo "bench: machine: $CORES cores, $MEM memory, $CPU"

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing GNU time (apt-get install time)"
    (apt-get update -qq && apt-get install -y -qq time) >/dev/null 2>&1 || true
  fi
  [ -x /usr/bin/time ] || echo "bench: /usr/bin/time is missing: peak memory will not be measured (apt-get install time)"
fi

echo "bench: building release binaries"
cargo build --release --quiet --bins --example gen_inbox

echo "bench: generating $N reports (period $KY, seed $SEED, $LOI defects) in $WORK"
t0=$(now)
target/release/examples/gen_inbox --don-vi "$N" --ky "$KY" --seed "$SEED" --loi "$LOI" --out "$WORK" -q
t1=$(now)
GEN_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
INBOX="$WORK/inbox/$KY"
BYTES=$(du -sb "$INBOX" | cut -f1)
echo "bench: generated in ${GEN_S} s, $((BYTES / 1024)) KiB"

echo "bench: tonghop run"
RUN=(target/release/tonghop run --ky "$KY" --ke-hoach "synth-$N" --templates "$WORK/templates"
     --inbox "$WORK/inbox" --out "$WORK/out" -q)
set +e
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$WORK/time.txt" "${RUN[@]}" >"$WORK/run.out" 2>"$WORK/run.err"
  RC=$?
  RUN_S=$(awk '/Elapsed \(wall clock\)/ { print $NF }' "$WORK/time.txt" | secs)
  RSS_KB=$(awk '/Maximum resident set size/ { print $NF }' "$WORK/time.txt")
else
  t0=$(now)
  "${RUN[@]}" >"$WORK/run.out" 2>"$WORK/run.err"
  RC=$?
  t1=$(now)
  RUN_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  RSS_KB=""
fi
set -e
RUN_OK=1
if [ "$RC" != 0 ] && [ "$RC" != 3 ]; then
  RUN_OK=0
  echo "bench: tonghop run failed (exit $RC); its messages:"
  head -n 20 "$WORK/run.err" | sed 's/^/    /'
fi

echo "bench: inflate floor"
FLOOR_S=""
if [ -f "$FLOOR" ]; then
  FLOOR_OUT=$(python3 "$FLOOR" "$INBOX")
  echo "    $FLOOR_OUT"
  FLOOR_S=$(printf '%s\n' "$FLOOR_OUT" | sed -n 's/.*floor_seconds=\([0-9.]*\).*/\1/p')
else
  echo "bench: the floor script is absent: expected ../shared/bench/inflate_floor.py next to the repository; no ratio"
fi

if [ -f "$SCORER" ] && [ "$RUN_OK" = 1 ]; then
  echo "bench: answer key score ($SCORER)"
  python3 "$SCORER" "$WORK/answer.json" "$WORK/out/$KY" | tail -n 1 | sed 's/^/    /' || true
fi

echo
echo "== bench N=$N period=$KY seed=$SEED"
echo "machine        $CORES cores, $MEM"
echo "inbox          $N reports, $((BYTES / 1024)) KiB (generated in ${GEN_S} s)"
if [ "$RUN_OK" = 1 ]; then
  if [ -n "$RSS_KB" ]; then
    echo "tonghop run    ${RUN_S} s wall, peak memory $((RSS_KB / 1024)) MiB (exit $RC)"
  else
    echo "tonghop run    ${RUN_S} s wall, peak memory not measured (exit $RC)"
  fi
else
  echo "tonghop run    failed (exit $RC) after ${RUN_S} s"
fi
if [ -n "$FLOOR_S" ]; then
  echo "inflate floor  ${FLOOR_S} s"
  if [ "$RUN_OK" = 1 ]; then
    echo "ratio          $(ratio "$RUN_S" "$FLOOR_S") x floor (tonghop / floor)"
  fi
else
  echo "inflate floor  not measured (script absent)"
fi
