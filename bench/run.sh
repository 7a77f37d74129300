#!/usr/bin/env bash
# Benchmark `tonghop run` on a synthetic inbox of N reports.
#
#   bench/run.sh [N] [--ky 2020-H1] [--seed 1] [--loi K] [--dai M] [--lan R] [--thu-vien] [--giu]
#
# Builds the release binaries, writes a synthetic plan with N units and one
# report per unit into a temporary folder (examples/gen_inbox.rs; --dai M
# makes the result texts M times longer), then measures R (default 5) first
# runs and R reruns of `tonghop run`, each paired with a run of the inflate
# floor (../shared/bench/inflate_floor.py: inflating every workbook in one
# Python thread): wall time and peak memory (/usr/bin/time -v), and the
# median ratio tonghop / floor. --thu-vien also measures R runs of the crate
# floor (examples/crate_floor.rs: calamine reading every report, and
# rust_xlsxwriter writing the cells of this run's workbooks again, nothing
# else), each paired with the inflate floor. See bench/README.md.
set -euo pipefail

N=1000
RUNS=5
DAI=1
KY=2020-H1
SEED=1
LOI=0
KEEP=0
CRATES=0
while [ $# -gt 0 ]; do
  case "$1" in
    --ky) KY=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --loi) LOI=$2; shift 2 ;;
    --dai) DAI=$2; shift 2 ;;
    --lan) RUNS=$2; shift 2 ;;
    --giu|--keep) KEEP=1; shift ;;
    --thu-vien) CRATES=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
cargo build --release --quiet --bins --example gen_inbox --example crate_floor

echo "bench: generating $N reports (period $KY, seed $SEED, $LOI defects) in $WORK"
t0=$(now)
target/release/examples/gen_inbox --don-vi "$N" --ky "$KY" --seed "$SEED" --loi "$LOI" --dai "$DAI" --out "$WORK" -q
t1=$(now)
GEN_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
INBOX="$WORK/inbox/$KY"
BYTES=$(du -sb "$INBOX" | cut -f1)
echo "bench: generated in ${GEN_S} s, $((BYTES / 1024)) KiB"

FLOOR_OK=0
[ -f "$FLOOR" ] && FLOOR_OK=1
[ "$FLOOR_OK" = 1 ] || echo "bench: the floor script is absent: expected ../shared/bench/inflate_floor.py next to the repository; no ratio"

RUN=(target/release/tonghop run --ky "$KY" --ke-hoach "synth-$N" --templates "$WORK/templates"
     --inbox "$WORK/inbox" --out "$WORK/out" -q)
# One measured run of tonghop: "<wall seconds> <peak KiB> <exit code>".
measure() {
  local rc wall rss
  set +e
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$WORK/time.txt" "${RUN[@]}" >"$WORK/run.out" 2>"$WORK/run.err"
    rc=$?
    wall=$(awk '/Elapsed \(wall clock\)/ { print $NF }' "$WORK/time.txt" | secs)
    rss=$(awk '/Maximum resident set size/ { print $NF }' "$WORK/time.txt")
  else
    local t0 t1
    t0=$(now); "${RUN[@]}" >"$WORK/run.out" 2>"$WORK/run.err"; rc=$?; t1=$(now)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    rss=0
  fi
  set -e
  echo "$wall $rss $rc"
}
floor() {
  if [ "$FLOOR_OK" = 1 ]; then
    python3 "$FLOOR" "$INBOX" | sed -n 's/.*floor_seconds=\([0-9.]*\).*/\1/p'
  else
    echo 0
  fi
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Each tonghop run is paired with a run of the floor right after it, so the
# ratio holds when the machine's speed drifts; a first run starts from an
# empty out/, a rerun from the set the run before it wrote. The out/ of the
# run before is moved aside, not deleted, until the end: on a filesystem
# that skips recently freed inodes one by one (ext4 without a journal), a
# run creating 2,000 files right after 2,000 were deleted would pay for the
# harness's deletion (measured: up to 1 s).
RUN_OK=1
: >"$WORK/first.txt"; : >"$WORK/rerun.txt"
for kind in first rerun; do
  echo "bench: $RUNS paired runs ($kind)"
  [ "$kind" = rerun ] && { read -r _ _ RC < <(measure); }
  for i in $(seq "$RUNS"); do
    [ "$kind" = first ] && [ -d "$WORK/out" ] && mv "$WORK/out" "$WORK/aside.$kind.$i"
    read -r W R RC < <(measure)
    if [ "$RC" != 0 ] && [ "$RC" != 3 ]; then
      RUN_OK=0
      echo "bench: tonghop run failed (exit $RC); its messages:"
      head -n 20 "$WORK/run.err" | sed 's/^/    /'
      break 2
    fi
    F=$(floor)
    echo "$W $R $F" >>"$WORK/$kind.txt"
    echo "    run $i: ${W} s, $((R / 1024)) MiB, floor ${F} s"
  done
done
# The crate floor writes the cells of the workbooks the last run wrote.
: >"$WORK/crates.txt"
if [ "$CRATES" = 1 ] && [ "$RUN_OK" = 1 ]; then
  echo "bench: $RUNS paired runs of the crate floor"
  FEEDBACK=$(find "$WORK/out/$KY/phan-hoi" -name '*.xlsx' | sort | sed -n 1p)
  for i in $(seq "$RUNS"); do
    C=$(target/release/examples/crate_floor --inbox "$INBOX" --tong-hop "$WORK/out/$KY/tong-hop-$KY.xlsx" \
          --phan-hoi "$FEEDBACK" --out "$WORK/crates.$i" | sed -n 's/.*crate_floor_seconds=\([0-9.]*\).*/\1/p')
    F=$(floor)
    echo "$C 0 $F" >>"$WORK/crates.txt"
    echo "    run $i: crate floor ${C} s, floor ${F} s"
  done
fi
if [ -f "$SCORER" ] && [ "$RUN_OK" = 1 ]; then
  echo "bench: answer key score ($SCORER)"
  python3 "$SCORER" "$WORK/answer.json" "$WORK/out/$KY" | tail -n 1 | sed 's/^/    /' || true
fi

summary() { # kind
  local f="$WORK/$1.txt"
  [ -s "$f" ] || { echo "$1        not measured"; return; }
  local wall rss flo rat
  wall=$(awk '{ print $1 }' "$f" | median)
  rss=$(awk '{ print $2 }' "$f" | sort -n | tail -n 1)
  flo=$(awk '{ print $3 }' "$f" | median)
  rat=$(awk '{ if ($3 > 0) print $1 / $3 }' "$f" | median)
  local mem="peak memory $((rss / 1024)) MiB"
  [ "$rss" = 0 ] && mem="memory not measured"
  printf '%-10s median %s s wall, %s; floor median %s s; ratio median %s x floor (min %s, max %s)\n' \
    "$1" "$wall" "$mem" "$flo" "$(printf '%.1f' "$rat" 2>/dev/null || echo n/a)" \
    "$(awk '{ if ($3 > 0) print $1 / $3 }' "$f" | sort -g | head -n 1 | xargs printf '%.1f')" \
    "$(awk '{ if ($3 > 0) print $1 / $3 }' "$f" | sort -g | tail -n 1 | xargs printf '%.1f')"
}

echo
echo "== bench N=$N period=$KY seed=$SEED texts x$DAI, $RUNS paired runs each"
echo "machine        $CORES cores, $MEM"
echo "inbox          $N reports, $((BYTES / 1024)) KiB (generated in ${GEN_S} s)"
summary first
summary rerun
if [ "$CRATES" = 1 ]; then
  summary crates
  awk 'NR == FNR { t[FNR] = $1; next } $1 > 0 { print t[FNR] / $1 }' "$WORK/first.txt" "$WORK/crates.txt" | median |
    xargs printf 'first run / crate floor, pair by pair: median %.1f x\n'
fi
