#!/usr/bin/env bash
# Start-up on a new data dir, interleaved between binaries: for each run and binary, a fresh dir
# is initialised with `superuser upsert` (PocketBase's system migrations run there), then `serve`
# is started and timed to the first 200 from /api/health (where Folio's own migrations run). Prints
# wall ms, the CPU ms the process used until then (the sum of its threads' on-CPU time from
# /proc/PID/task/*/schedstat, which the machine's load does not inflate the way it does wall
# time), idle RSS one second later, and the CPU ms of `BIN --help` (package initialization and
# nothing else). The last lines give, for every binary after the first, the median of each figure
# over the runs and its ratio to the first binary's median.
# Usage: bench/startup/startup.sh RUNS LABEL=BIN [LABEL=BIN...]
set -euo pipefail
runs=$1; shift
port=18390
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cpu_ns() { # on-CPU ns of every thread of pid $1
  local sum=0 t v
  for t in /proc/"$1"/task/*/schedstat; do
    read -r v _ < "$t" 2>/dev/null || continue
    sum=$((sum + v))
  done
  echo "$sum"
}
help_cpu_ms() { # user+system CPU ms of `$1 --help`
  local TIMEFORMAT='%3U %3S' t
  t=$( { time "$1" --help >/dev/null 2>&1; } 2>&1 )
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d", (a[1] + a[2]) * 1000 + 0.5 }'
}
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
    cpu=$(( $(cpu_ns "$pid") / 1000000 ))
    sleep 1
    rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
    help=$(help_cpu_ms "$bin")
    printf 'run=%d %s wall_ms=%d cpu_ms=%d rss_idle_mb=%s help_cpu_ms=%d\n' "$run" "$label" $(( (e - s) / 1000000 )) "$cpu" "$rss" "$help" | tee -a "$out"
  done
done
awk '
  function median(label, key,   n, i, j, v, t) {
    n = 0
    for (i = 1; i <= count[label]; i++) v[++n] = val[label, key, i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  {
    label = $2
    if (!(label in count)) order[++labels] = label
    count[label]++
    for (f = 3; f <= NF; f++) { split($f, kv, "="); val[label, kv[1], count[label]] = kv[2] }
  }
  END {
    base = order[1]
    for (l = 2; l <= labels; l++) {
      line = sprintf("median %s / %s:", order[l], base)
      n = split("wall_ms cpu_ms rss_idle_mb help_cpu_ms", keys, " ")
      for (k = 1; k <= n; k++) {
        a = median(base, keys[k]); b = median(order[l], keys[k])
        line = line sprintf(" %s %g / %g = %.2fx", keys[k], b, a, a > 0 ? b / a : 0)
        if (k < n) line = line ","
      }
      print line
    }
  }' "$out"
