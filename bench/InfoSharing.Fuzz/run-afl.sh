#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers: afl-fuzz (afl++ from Debian) drives the SharpFuzz harness in
# InfoSharing.Fuzz (docs/decisions/0019-fuzzing.md). Installs afl++ and the sharpfuzz tool if missing, publishes the
# harness in Release, instruments the assemblies, turns the seed corpus into afl inputs and fuzzes for a fixed number
# of executions (default) or a fixed time, then prints executions, exec/s, paths and crashes from fuzzer_stats and
# replays each crash for its stack.
#
# Usage: bench/InfoSharing.Fuzz/run-afl.sh [--execs N | --seconds S] [--out DIR] [--timeout MS]
#   --execs N     stop after about N executions (afl-fuzz -E; default 100000)
#   --seconds S   stop after S seconds instead (afl-fuzz -V)
#   --out DIR     where the build, seeds and findings go (default /tmp/infosharing-fuzz; emptied first)
#   --timeout MS  afl-fuzz -t for one input (default 5000: the child is a dotnet process)
# INSTRUMENT (environment) lists the assemblies to instrument, without .dll; by default InfoSharing's readers and
# domain, and the Firely and JSON Schema assemblies they call, so that afl sees coverage inside the parsers too.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
execs=100000
seconds=""
out=/tmp/infosharing-fuzz
timeout=5000
while [ $# -gt 0 ]; do
  case "$1" in
    --execs) execs=$2; seconds=""; shift 2 ;;
    --seconds) seconds=$2; execs=""; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    *) echo "unknown option $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
instrument=${INSTRUMENT:-"InfoSharing.Fhir InfoSharing.AgencyMessages InfoSharing.Domain Hl7.Fhir.Base Hl7.Fhir.R4 JsonSchema.Net"}

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
if ! command -v afl-fuzz >/dev/null; then
  echo "== installing afl++ (Debian package)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++ >/dev/null
fi

export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v sharpfuzz >/dev/null; then
  echo "== installing the sharpfuzz tool (SharpFuzz.CommandLine 2.3.0) to ~/.dotnet/tools"
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

echo "== publishing the harness (Release) to $out/bin"
rm -rf "$out"
mkdir -p "$out"
dotnet publish "$here/InfoSharing.Fuzz.csproj" -c Release -o "$out/bin" --nologo -v quiet >"$out/publish.log" 2>&1 \
  || { cat "$out/publish.log"; exit 1; }

# Instrumented assemblies write to afl's shared memory and fail outside afl-fuzz: crashes are replayed on a plain copy.
cp -r "$out/bin" "$out/plain"
echo "== instrumenting: $instrument"
for name in $instrument; do
  sharpfuzz "$out/bin/$name.dll" >/dev/null
done

harness="$out/bin/InfoSharing.Fuzz.dll"
dotnet "$out/plain/InfoSharing.Fuzz.dll" --afl-seeds "$out/seeds" --corpus "$here/corpus"

# The harness is a dotnet program, not an afl-instrumented binary; crashes are reported by SharpFuzz, not core dumps.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
limit=(-E "$execs")
if [ -n "$seconds" ]; then limit=(-V "$seconds"); fi
echo "== afl-fuzz ${limit[*]} (log: $out/afl.log)"
started=$(date +%s)
afl-fuzz -i "$out/seeds" -o "$out/findings" -t "$timeout" -m none "${limit[@]}" -- dotnet "$harness" >"$out/afl.log" 2>&1 \
  || { tail -40 "$out/afl.log"; exit 1; }
finished=$(date +%s)

stats="$out/findings/default/fuzzer_stats"
stat() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
echo
echo "== result ($((finished - started)) s wall clock)"
echo "executions        $(stat execs_done)"
run_time=$(stat run_time)
if [ "${run_time:-0}" -lt 1 ]; then run_time=1; fi
echo "exec/s            $(awk "BEGIN { printf \"%.1f\", $(stat execs_done) / $run_time }") over the run ($run_time s), $(stat execs_per_sec) at the end"
echo "paths (corpus)    $(stat corpus_count) ($(stat corpus_found) found by afl), bitmap $(stat bitmap_cvg)"
echo "crashes           $(stat saved_crashes)"
echo "hangs             $(stat saved_hangs)"

crashes=$(find "$out/findings/default/crashes" -type f -name 'id:*' 2>/dev/null | sort || true)
if [ -n "$crashes" ]; then
  echo
  echo "== crashes, replayed (stack only; reduce one with: dotnet $out/plain/InfoSharing.Fuzz.dll --reduce FILE)"
  # shellcheck disable=SC2086
  dotnet "$out/plain/InfoSharing.Fuzz.dll" --replay $crashes || true
  exit 1
fi
