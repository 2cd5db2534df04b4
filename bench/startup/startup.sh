#!/usr/bin/env bash
# Start-up on a new data dir, interleaved between binaries: for each run and binary, a fresh dir
# is initialised with `superuser upsert` (migrations run there), then `serve` is started and
# timed to the first 200 from /api/health. Prints wall ms, the CPU ms the process used until then
# (utime+stime from /proc, which the machine's load does not inflate the way it does wall time)
# and idle RSS one second later. Usage: bench/startup/startup.sh RUNS LABEL=BIN [LABEL=BIN...]
set -euo pipefail
runs=$1; shift
port=18390
tck=$(getconf CLK_TCK)
for run in $(seq 1 "$runs"); do
  for spec in "$@"; do
    label=${spec%%=*}; bin=${spec#*=}
    dir=$(mktemp -d)
    "$bin" superuser upsert bench@example.com quartz-lantern-meadow-4817-orbit --dir="$dir" --dev=false >/dev/null
    port=$((port + 1))
    s=$(date +%s%N)
    "$bin" serve --http=127.0.0.1:$port --dir="$dir" >"$dir/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 3000); do
      curl -sf -o /dev/null "http://127.0.0.1:$port/api/health" && break
      sleep 0.005
    done
    e=$(date +%s%N)
    read -r -a st < "/proc/$pid/stat"
    cpu=$(( (st[13] + st[14]) * 1000 / tck ))
    sleep 1
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
    printf 'run=%d %s wall_ms=%d cpu_ms=%d rss_idle_mb=%s\n' "$run" "$label" $(( (e - s) / 1000000 )) "$cpu" "$rss"
  done
done
