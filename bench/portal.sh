#!/usr/bin/env bash
# Portal serving benchmark: gunicorn (2 sync workers, production settings, demo database)
# and nginx serving the statically published pages, measured in the same run with wrk.
#
#   bench/portal.sh                 # 10 s per target
#   DURATION=5s bench/portal.sh     # shorter
#   ROUNDS=3 bench/portal.sh        # 3 interleaved rounds, medians (noisy shared machines)
#
# Targets: the cached catalogue page, a document (disclosure item) page and a search page
# (cached per query; and uncached, a unique query string per request via a wrk script)
# from gunicorn; the catalogue page published by `gongkai portal publish` from nginx with the
# portal's nginx configuration (query strings and 长辈模式 go to the application); and the same
# bytes as a plain file from nginx (the reference, "nginx's own figure").
# Prints req/s, p50 and p99 per target (medians over ROUNDS) and the percentage of the
# reference (nginx_reference, same round), then one JSON line
# {"bench": "portal", ...}. Needs wrk and nginx (Debian: wrk, nginx-light).
# Goals (2 cores, 64 connections): cached catalogue >= 3000 req/s with p99 < 50 ms; the
# statically published page >= 80% of the reference; search p99 < 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/portal}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-1}   # interleaved rounds; medians are reported
CONNECTIONS=${CONNECTIONS:-64}
APP_PORT=${APP_PORT:-18471}
NGINX_PORT=${NGINX_PORT:-18472}
PY=$ROOT/.venv/bin/python
GONGKAI=$ROOT/.venv/bin/gongkai
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "bench: $tool not found" >&2; exit 2; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$OUT/var" "$OUT/nginx"
export GONGKAI_ENV=production
export SECRET_KEY=bench-only-not-secret-$(hostname)
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export GONGKAI_VAR_DIR=$OUT/var
export STATIC_ROOT=$OUT/var/static
export DEBUG=false
export LOG_LEVEL=ERROR
export GONGKAI_STATIC_PUBLISH_DIR=   # publish explicitly below, not on every save

echo "== demo database ($GONGKAI_VAR_DIR)"
if [ ! -s "$OUT/var/.demo-loaded" ]; then
  # the demo loader acts as the demo staff, which production's 2FA rule would stop
  GONGKAI_ENV=development GONGKAI_REQUIRE_2FA=false "$GONGKAI" demo --no-serve >/dev/null
  date -u +%FT%TZ > "$OUT/var/.demo-loaded"
else
  "$GONGKAI" migrate --no-input -v0
fi

echo "== gongkai portal publish"
rm -rf "$OUT/site"
"$GONGKAI" portal publish "$OUT/site" --json

# The URLs of the measured pages, from the demo data.
read -r CATALOGUE DOCUMENT < <("$PY" - <<'EOF'
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
django.setup()
from gongkai.catalogue.models import CataloguePage, DisclosureItemPage
cat = CataloguePage.objects.live().filter(url_path__contains="/mzl-tjj/").first() or CataloguePage.objects.live().first()
doc = DisclosureItemPage.objects.live().exact_type(DisclosureItemPage).filter(url_path__startswith=cat.url_path).order_by("-publication_date").first()
print(cat.url, doc.url)
EOF
)
SEARCH="/search/?q=%E7%BB%9F%E8%AE%A1"   # 统计
[ -f "$OUT/site${CATALOGUE}index.html" ] || { echo "bench: $CATALOGUE was not published" >&2; exit 1; }
mkdir -p "$OUT/ref"
cp "$OUT/site${CATALOGUE}index.html" "$OUT/ref/page.html"

cat > "$OUT/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  open_file_cache max=1000 inactive=60s;
  client_body_temp_path $OUT/nginx/tmp;
  proxy_temp_path $OUT/nginx/tmp;
  fastcgi_temp_path $OUT/nginx/tmp;
  uwsgi_temp_path $OUT/nginx/tmp;
  scgi_temp_path $OUT/nginx/tmp;
  upstream gongkai { server 127.0.0.1:$APP_PORT; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $OUT/site;
    # reference: the same bytes as a plain file
    location = /ref/page.html { root $OUT; }
    # statically published portal (see docs/commands/portal.md)
    location / {
      error_page 418 = @app;
      if (\$args != "") { return 418; }
      if (\$cookie_gk_mode = "elder") { return 418; }
      if (\$cookie_sessionid != "") { return 418; }
      try_files \$uri @app;
    }
    # a page's folder URL: its index.html directly (no internal redirect)
    location ~ /\$ {
      error_page 418 = @app;
      if (\$args != "") { return 418; }
      if (\$cookie_gk_mode = "elder") { return 418; }
      if (\$cookie_sessionid != "") { return 418; }
      try_files \${uri}index.html @app;
    }
    location /static/ { expires 7d; }
    location @app {
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_pass http://gongkai;
    }
  }
}
EOF
mkdir -p "$OUT/nginx/tmp"

cleanup() {
  [ -f "$OUT/nginx/nginx.pid" ] && kill "$(cat "$OUT/nginx/nginx.pid")" 2>/dev/null || true
  [ -n "${GUNICORN_PID:-}" ] && kill "$GUNICORN_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

echo "== servers: gunicorn (2 sync workers) on :$APP_PORT, nginx on :$NGINX_PORT"
"$ROOT/.venv/bin/gunicorn" -w 2 -b "127.0.0.1:$APP_PORT" --log-level warning gongkai.wsgi &
GUNICORN_PID=$!
"$NGINX" -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -e "$OUT/nginx/error.log" 2>/dev/null || "$NGINX" -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf"
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/healthz" && break
  sleep 0.5
done
# warm up: fill the page cache of both workers, compile templates, load jieba etc.
for _ in $(seq 1 20); do
  for path in "$CATALOGUE" "$DOCUMENT" "$SEARCH"; do
    curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT$path" || true
  done
done
state=$(curl -s -D - -o /dev/null "http://127.0.0.1:$APP_PORT$CATALOGUE" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-portal-cache"{print $2}')
echo "catalogue page cache state after warm-up: ${state:-none}"

# A wrk script that makes every request's query string unique: search without the page cache.
cat > "$OUT/unique.lua" <<'LUA'
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args) math.randomseed(os.time() * 100 + (id or 0)); n = 0 end
function request()
  n = n + 1
  return wrk.format("GET", wrk.path .. "&nocache=" .. (id or 0) .. "-" .. n .. "-" .. math.random(1000000))
end
LUA

# run NAME URL [wrk args] -> "rps p50_ms p99_ms non2xx"
run() {
  local name=$1 url=$2 raw
  shift 2
  raw=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
  echo "$raw" > "$OUT/wrk-$name.txt"
  echo "$raw" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec:/ { rps=$2 }
    $1=="50%" { p50=ms($2) }
    $1=="99%" { p99=ms($2) }
    /Non-2xx or 3xx responses/ { bad=$NF }
    END { printf "%s %.3f %.3f %s\n", rps, p50, p99, (bad==""?0:bad) }'
}

TARGETS=(nginx_reference nginx_published gunicorn_catalogue gunicorn_document gunicorn_search gunicorn_search_uncached)
declare -A URLS=(
  [nginx_reference]="http://127.0.0.1:$NGINX_PORT/ref/page.html"
  [nginx_published]="http://127.0.0.1:$NGINX_PORT$CATALOGUE"
  [gunicorn_catalogue]="http://127.0.0.1:$APP_PORT$CATALOGUE"
  [gunicorn_document]="http://127.0.0.1:$APP_PORT$DOCUMENT"
  [gunicorn_search]="http://127.0.0.1:$APP_PORT$SEARCH"
  [gunicorn_search_uncached]="http://127.0.0.1:$APP_PORT$SEARCH"
)
RESULTS=$OUT/results.tsv
: > "$RESULTS"
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION --latency, $ROUNDS round(s), targets interleaved"
for round in $(seq 1 "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    extra=()
    [ "$t" = gunicorn_search_uncached ] && extra=(-s "$OUT/unique.lua")
    read -r rps p50 p99 bad < <(run "$t" "${URLS[$t]}" "${extra[@]}")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$round" "$rps" "$p50" "$p99" "$bad" "${URLS[$t]#http://127.0.0.1}" >> "$RESULTS"
    [ "$bad" = "0" ] || echo "  warning: $bad non-2xx/3xx responses from $t" >&2
  done
done

# Medians over the rounds; percentages of the reference taken per round, then the median.
"$PY" - "$RESULTS" "$DURATION" "$CONNECTIONS" "$ROUNDS" "$CATALOGUE" "$DOCUMENT" "$SEARCH" <<'EOF'
import json, os, statistics, sys
from collections import defaultdict

path, duration, conns, rounds, cat, doc, search = sys.argv[1:]
rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip()]
by = defaultdict(list)
urls, ref = {}, {}
for name, rnd, rps, p50, p99, _bad, url in rows:
    by[name].append((int(rnd), float(rps), float(p50), float(p99)))
    urls[name] = url
    if name == "nginx_reference":
        ref[int(rnd)] = float(rps)
t = {}
for name, runs in by.items():
    t[name] = {
        "rps": round(statistics.median(r[1] for r in runs), 1),
        "p50_ms": round(statistics.median(r[2] for r in runs), 2),
        "p99_ms": round(statistics.median(r[3] for r in runs), 2),
        "pct_of_nginx": round(statistics.median(100 * r[1] / (ref.get(r[0]) or 1) for r in runs), 2),
    }
print(f"\n{'target':<26} {'url':<40} {'req/s':>9} {'p50_ms':>8} {'p99_ms':>8} {'%nginx':>7}")
for name, v in t.items():
    print(f"{name:<26} {urls[name]:<40} {v['rps']:>9} {v['p50_ms']:>8} {v['p99_ms']:>8} {v['pct_of_nginx']:>7}")
goals = {
    "cached_catalogue_rps_ge_3000": t["gunicorn_catalogue"]["rps"] >= 3000,
    "cached_catalogue_p99_lt_50ms": t["gunicorn_catalogue"]["p99_ms"] < 50,
    "published_ge_80pct_of_nginx": t["nginx_published"]["pct_of_nginx"] >= 80,
    "search_p99_lt_100ms": t["gunicorn_search"]["p99_ms"] < 100,
    "uncached_search_p99_lt_100ms": t["gunicorn_search_uncached"]["p99_ms"] < 100,
}
print(json.dumps({"bench": "portal", "duration": duration, "connections": int(conns),
                  "rounds": int(rounds), "urls": {"catalogue": cat, "document": doc, "search": search},
                  "targets": t, "goals": goals,
                  "loadavg_1m_after": round(os.getloadavg()[0], 2)}, ensure_ascii=False))
EOF
