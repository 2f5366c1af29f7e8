#!/usr/bin/env bash
# Start Debian's PostgreSQL (installing it if missing) with a test role and database,
# and print the URL the tests read from EXCURSIONS_TEST_DATABASE_URL. Needs root.
# An argument names another database (deploy/run-local.sh: excursions_trial).
set -euo pipefail
db=${1:-excursions_test}
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$ver main" || pg_createcluster "$ver" main >&2
pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -qx online \
  || pg_ctlcluster "$ver" main start >&2
psql_as() { su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
for _ in $(seq 50); do psql_as "select 1" >/dev/null 2>&1 && break; sleep 0.2; done
[ "$(psql_as "select 1 from pg_roles where rolname='excursions'")" = 1 ] \
  || psql_as "create role excursions login password 'excursions' createdb" >&2
[ "$(psql_as "select 1 from pg_database where datname='$db'")" = 1 ] \
  || psql_as "create database $db owner excursions" >&2
echo "postgresql+psycopg://excursions:excursions@127.0.0.1:5432/$db"
