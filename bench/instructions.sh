#!/usr/bin/env bash
# Count the instructions of one `tonghop run` on a synthetic inbox of N
# reports, with valgrind's callgrind: the same count for the same binary and
# inputs whatever else the machine is doing, so a change of 1 % shows where
# wall times (bench/run.sh) spread by more than that.
#
#   bench/instructions.sh [N] [--ky 2020-H1] [--seed 1] [--dai M] [--rerun] [--profile FILE]
#
# Builds the release binaries, writes the inbox into a temporary folder
# (examples/gen_inbox.rs), then runs `tonghop run` once under callgrind (a
# first run, or with --rerun a rerun over the set a first run wrote) and
# prints "instructions <count>". --profile FILE keeps callgrind's profile
# for callgrind_annotate. About 25 s at 100 reports, 4 minutes at 1,000.
# See bench/README.md.
set -euo pipefail

N=100
DAI=1
KY=2020-H1
SEED=1
RERUN=0
PROFILE=
while [ $# -gt 0 ]; do
  case "$1" in
    --ky) KY=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --dai) DAI=$2; shift 2 ;;
    --rerun) RERUN=1; shift ;;
    --profile) PROFILE=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) N=$1; shift ;;
    *) echo "instructions: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v valgrind >/dev/null; then
  echo "instructions: valgrind is missing (apt-get install valgrind)" >&2
  exit 2
fi

cd "$(dirname "$0")/.."
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tonghop-instructions.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet --bins --example gen_inbox
target/release/examples/gen_inbox --don-vi "$N" --ky "$KY" --seed "$SEED" --dai "$DAI" --out "$WORK" -q
RUN=(target/release/tonghop run --ky "$KY" --ke-hoach "synth-$N" --templates "$WORK/templates"
     --inbox "$WORK/inbox" --out "$WORK/out" -q)
[ "$RERUN" = 1 ] && "${RUN[@]}"
OUT=${PROFILE:-$WORK/callgrind.out}
set +e
valgrind --tool=callgrind --callgrind-out-file="$OUT" "${RUN[@]}" 2>"$WORK/valgrind.txt"
RC=$?
set -e
if [ "$RC" != 0 ] && [ "$RC" != 3 ]; then
  echo "instructions: tonghop run failed (exit $RC)" >&2
  tail -n 20 "$WORK/valgrind.txt" >&2
  exit 1
fi
COUNT=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$WORK/valgrind.txt" | tail -n 1)
echo "instructions $COUNT (N=$N, period $KY, seed $SEED, texts x$DAI, $([ "$RERUN" = 1 ] && echo rerun || echo first run))"
