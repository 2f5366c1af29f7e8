#!/usr/bin/env bash
# A trial of the event-day setup on one machine: PostgreSQL, N `excursions serve` processes
# and Debian's nginx in front of them with the shipped configuration (deploy/*.conf).
#
#   deploy/run-local.sh [--processes N] [--port PORT] [--first-app-port PORT] [--dir DIR] [--debian-conf]
#
# Phones open http://<this machine>:PORT/. With EXCURSIONS_DATABASE_URL set, that database
# is used; without it, Debian's PostgreSQL is started (needs root) with a database
# `excursions_trial`. Every other EXCURSIONS_* setting is passed on to the processes.
# DIR (default: a new temporary folder) holds the nginx configuration as run, the logs
# and a pid file per process (app-1.pid …, nginx.pid). Ctrl-C stops everything; a process
# that dies is not restarted (its phones move to the others: docs/operations.md, "Running it for an
# event").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
processes=2 port=8080 first=8501 dir="" debian=0
while [ $# -gt 0 ]; do
  case "$1" in
    --processes) processes=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --first-app-port) first=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --debian-conf) debian=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-local.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "run-local.sh: nginx is not installed: apt-get install nginx" >&2; exit 1; }
dir=${dir:-$(mktemp -d -t excursions-trial.XXXXXX)}
mkdir -p "$dir/logs" "$dir/temp" "$dir/cache"
# Started as root, nginx's workers run as `nobody`: they must reach the folder (its cache).
[ "$(id -u)" != 0 ] || chmod 0755 "$dir"

if [ -z "${EXCURSIONS_DATABASE_URL:-}" ]; then
  EXCURSIONS_DATABASE_URL=$(bash "$repo/tools/test_postgres.sh" excursions_trial | tail -1)
  export EXCURSIONS_DATABASE_URL
fi

# The shipped configuration, with this trial's ports (nginx's own port and one upstream line
# per process: the shipped file lists two), its logs in the trial's folder, and a header
# naming the process that answered (for the trial's tests; the shipped site has none).
# With --debian-conf, Debian's own /etc/nginx/nginx.conf (its http-level access_log and all)
# includes the site as sites-enabled/ would on a server, instead of deploy/nginx.conf.
if [ "$debian" = 1 ]; then
  sed -e '/^user /d' -e 's|^pid .*;|pid nginx.pid;|' -e 's|/var/log/nginx/|logs/|g' \
      -e 's|include /etc/nginx/sites-enabled/\*;|include excursions-site.conf;|' \
      -e 's|include /etc/nginx/conf.d/\*.conf;|include excursions-cache.conf;|' \
      -e 's|^http {|http {\n\tclient_body_temp_path temp/body; proxy_temp_path temp/proxy;\n\tfastcgi_temp_path temp/fastcgi; uwsgi_temp_path temp/uwsgi; scgi_temp_path temp/scgi;|' \
      /etc/nginx/nginx.conf > "$dir/nginx.conf"
  sed 's|/var/cache/nginx/excursions|cache|' "$here/excursions-cache.conf" > "$dir/excursions-cache.conf"
else
  cp "$here/nginx.conf" "$dir/nginx.conf"
fi
sed -e "s/^\( *listen\) 8080;/\1 $port;/" -e 's|/var/log/nginx/|logs/|g' \
    -e 's|^\( *\)\(add_header Set-Cookie .*\)$|\1\2\n\1add_header X-Excursions-Upstream $upstream_addr always;|' \
    "$here/excursions-site.conf" > "$dir/excursions-site.conf"
line=$(grep -m1 '^server 127.0.0.1:' "$here/excursions-upstreams.conf")
: > "$dir/excursions-upstreams.conf"
for i in $(seq "$processes"); do
  echo "${line/127.0.0.1:8501/127.0.0.1:$((first + i - 1))}" >> "$dir/excursions-upstreams.conf"
done

pids=()
stop() {
  trap - INT TERM EXIT
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

cd "$repo"
# The project's interpreter, started directly: a pid file then names the app process itself
# (a `uv run` in between would outlive a killed app and hide it).
python=$(uv run --quiet python -c 'import sys; print(sys.executable)')
for i in $(seq "$processes"); do
  app_port=$((first + i - 1))
  "$python" -m excursions.cli serve --host 127.0.0.1 --port "$app_port" > "$dir/logs/app-$i.log" 2>&1 &
  pids+=($!)
  echo $! > "$dir/app-$i.pid"
done
for i in $(seq "$processes"); do
  app_port=$((first + i - 1))
  for _ in $(seq 600); do
    curl -fsS "http://127.0.0.1:$app_port/_stcore/health" > /dev/null 2>&1 && break
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || { echo "process $i did not start:" >&2; tail "$dir/logs/app-$i.log" >&2; exit 1; }
    sleep 0.2
  done
done
"$nginx" -p "$dir" -c "$dir/nginx.conf" -t -q
"$nginx" -p "$dir" -c "$dir/nginx.conf" -g "daemon off;" &
pids+=($!)
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/_stcore/health" > /dev/null 2>&1 && break
  sleep 0.1
done
echo "ready: http://127.0.0.1:$port/ ($processes processes on ports $first-$((first + processes - 1)); logs and pid files in $dir)"
wait  # until Ctrl-C; a process that dies leaves the others serving
