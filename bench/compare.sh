#!/usr/bin/env bash
# Runs accord's workload benchmark and the two peers of ../shared/bench (Python `eventsourcing`
# with SQLite, and the bare sqlite3 floor) on the same N, in one run, on this machine, and prints
# each figure with the ratios. With ACCORD_BENCH_DATABASE_URL set, accord also runs on PostgreSQL.
#
# Usage: bash bench/compare.sh [N]        (default N = 100000; the targets are stated at 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
SHARED="${ACCORD_BENCH_PEERS:-../shared/bench}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

if ! python3 -c 'import importlib.metadata as m, sys; sys.exit(m.version("eventsourcing") != "9.5.6")' 2>/dev/null; then
  echo "installing eventsourcing==9.5.6 for the peer benchmark" >&2
  python3 -m pip install -q eventsourcing==9.5.6
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%d); N=$N" >&2

echo "== accord (SQLite)" >&2
cargo bench -q --bench workload -- --events "$N" --db "$OUT/accord.db" >"$OUT/accord.txt" 2>"$OUT/accord.err" || { cat "$OUT/accord.err" >&2; exit 1; }
if [ -n "${ACCORD_BENCH_DATABASE_URL:-}" ]; then
  echo "== accord (PostgreSQL)" >&2
  cargo bench -q --bench workload -- --events "$N" --database-url "$ACCORD_BENCH_DATABASE_URL" --log-runs 5 \
    >"$OUT/accord_pg.txt" 2>"$OUT/accord_pg.err" || { cat "$OUT/accord_pg.err" >&2; exit 1; }
fi
echo "== eventsourcing peer" >&2
python3 "$SHARED/peer_eventsourcing.py" --events "$N" --db "$OUT/es.db" >"$OUT/es.txt" 2>"$OUT/es.err"
echo "== sqlite3 floor" >&2
python3 "$SHARED/floor_sqlite.py" --events "$N" --db "$OUT/floor.db" >"$OUT/floor.txt" 2>"$OUT/floor.err"
grep -h '^check:' "$OUT"/*.err >&2 || true

python3 - "$OUT" <<'PY'
import os, sys
out = sys.argv[1]
def read(name):
    p = os.path.join(out, name)
    if not os.path.exists(p):
        return {}
    return {k: float(v) for k, v in (l.strip().split("=", 1) for l in open(p) if "=" in l)}
acc, pg, es, fl = read("accord.txt"), read("accord_pg.txt"), read("es.txt"), read("floor.txt")
metrics = ["bulk_ingest_events_per_s", "single_append_median_us", "rebuild_events_per_s",
           "query_median_ms", "peak_rss_mb", "log_process_median_ms"]
higher = {"bulk_ingest_events_per_s", "rebuild_events_per_s"}
def ratio(a, b, m):
    if not a or not b:
        return "-"
    r = a / b if m in higher else b / a
    return f"{r:.2f}x"
cols = ["figure", "accord", "accord-pg" if pg else None, "eventsourcing", "sqlite3 floor", "vs eventsourcing", "vs floor"]
cols = [c for c in cols if c]
rows = []
for m in metrics:
    a = acc.get(m)
    r = [m, f"{a:g}" if a is not None else "-"]
    if pg:
        r.append(f"{pg[m]:g}" if m in pg else "-")
    r += [f"{es[m]:g}" if m in es else "-", f"{fl[m]:g}" if m in fl else "-"]
    r += ([ratio(a, es.get(m), m), ratio(a, fl.get(m), m)] if m != "peak_rss_mb" else ["-", "-"])
    rows.append(r)
w = [max(len(str(x[i])) for x in rows + [cols]) for i in range(len(cols))]
print("  ".join(c.ljust(w[i]) for i, c in enumerate(cols)))
for r in rows:
    print("  ".join(str(x).ljust(w[i]) for i, x in enumerate(r)))
print("(ratios: how many times better accord is; above 1 = accord ahead)")
PY
