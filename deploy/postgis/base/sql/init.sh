#!/bin/sh
# Runs inside the postgis-init Job. Passwords arrive as environment variables from Secrets and are
# handed to psql as variables; psql runs without -a/-e so no statement (or password) is echoed.
set -eu

until pg_isready -q; do
  echo "waiting for PostGIS at ${PGHOST}:${PGPORT}"
  sleep 2
done

psql -v ON_ERROR_STOP=1 -q -d postgres \
  -v owner_password="$KFM_OWNER_PASSWORD" \
  -v writer_password="$KFM_WRITER_PASSWORD" \
  -v reader_password="$KFM_READER_PASSWORD" \
  -f /sql/10-roles.sql

# Side-effect functions (signals, advisory locks, large objects, notify, server files) are not PUBLIC's:
# template1 first, so databases created from now on inherit it, and postgres, which PUBLIC may connect to.
for db in template1 postgres; do
  psql -v ON_ERROR_STOP=1 -q -d "$db" -f /sql/30-function-privileges.sql
done

for db in $KFM_DATABASES; do
  echo "enabling PostGIS and grants in database ${db}"
  # psql does not interpolate variables in -c strings, hence the here-document.
  psql -v ON_ERROR_STOP=1 -q -d postgres -v dbname="$db" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER kfm_owner', :'dbname')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'dbname')
\gexec
SQL
  psql -v ON_ERROR_STOP=1 -q -d "$db" -v dbname="$db" -f /sql/20-database.sql
  psql -v ON_ERROR_STOP=1 -q -d "$db" -f /sql/30-function-privileges.sql
done
echo "postgis-init done"
