# Summarizes pbbench compare output (A = plain PocketBase, B = Folio): one row per metric with
# the B/A ratios that matter most, then the geometric mean and range of the HTTP ratios.
# rps: above 1 means Folio is faster. srv_cpu (ms of server CPU per request), p50, p99: below 1
# means Folio is cheaper/faster.
function show(k) { return !(k in r) ? sprintf("%7s", "-") : (r[k] == "n/a") ? sprintf("%7s", "n/a") : sprintf("%7.3f", r[k]) }
BEGIN { printf "%-34s %7s %7s %7s %7s  %s\n", "metric (B/A = folio/pocketbase)", "rps", "srv_cpu", "p50", "p99", "other" }
/^CMP / {
  delete r; other = ""
  for (i = 3; i <= NF; i++) {
    if ($i ~ /:$/) { k = substr($i, 1, length($i) - 1); continue }
    if ($i ~ /^B\/A=/) {
      v = substr($i, 5); r[k] = (v == "n/a") ? v : v + 0
      if (k != "rps" && k != "srv_cpu_ms_per_req" && k != "p50_ms" && k != "p99_ms" && k != "gen_cpu_ms_per_req")
        other = other " " k "=" v
    }
  }
  printf "%-34s %s %s %s %s %s\n", $2, show("rps"), show("srv_cpu_ms_per_req"), show("p50_ms"), show("p99_ms"), other
  if (("rps" in r) && r["rps"] != "n/a") { n++; lr += log(r["rps"]); if (n == 1 || r["rps"] < rmin) rmin = r["rps"]; if (n == 1 || r["rps"] > rmax) rmax = r["rps"] }
  if (("srv_cpu_ms_per_req" in r) && r["srv_cpu_ms_per_req"] != "n/a") {
    c = r["srv_cpu_ms_per_req"]; m++; lc += log(c); if (m == 1 || c < cmin) cmin = c; if (m == 1 || c > cmax) cmax = c
  }
}
END {
  if (n) printf "HTTP metrics: %d; rps B/A geomean %.3f (range %.3f-%.3f)\n", n, exp(lr / n), rmin, rmax
  if (m) printf "HTTP metrics: %d; srv_cpu_ms_per_req B/A geomean %.3f (range %.3f-%.3f)\n", m, exp(lc / m), cmin, cmax
}
