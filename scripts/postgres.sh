# Throwaway PostgreSQL for tests and local clusters: sourced by test.sh (and usable by hand).
# postgres_install: installs Debian's PostgreSQL server when missing (needs root).
# postgres_start:   initdb + start on 127.0.0.1 at a free port, data in a temp folder; sets PG_PORT,
#                   PG_DIR and PG_TEST_CONNECTION (a role that owns its database and may create more).
# postgres_stop:    stops that server and removes its folder.

postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

postgres_install() {
  if postgres_bin >/dev/null; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries are missing and installing them needs root (apt-get install postgresql)." >&2
    return 1
  fi
  echo "Installing PostgreSQL from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  postgres_bin >/dev/null || { echo "PostgreSQL installed, but initdb was not found." >&2; return 1; }
}

postgres_free_port() {
  local port
  for port in $(seq 55432 55631); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "No free port in 55432-55631 for PostgreSQL." >&2
  return 1
}

# Runs a PostgreSQL program as the postgres user when we are root (initdb and postgres refuse root).
postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  local bin
  bin=$(postgres_bin)
  PG_PORT=$(postgres_free_port)
  PG_DIR=$(mktemp -d /tmp/clubgrains-pg.XXXXXX)
  mkdir -p "$PG_DIR/data" "$PG_DIR/socket"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$PG_DIR"; fi
  postgres_as_owner "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  postgres_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR/socket -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  # PostgreSQL 15: a plain role may create tables in public only in a database it owns.
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE clubgrains LOGIN PASSWORD 'clubgrains' CREATEDB" \
    -c "CREATE DATABASE clubgrains OWNER clubgrains" >/dev/null
  PG_TEST_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=clubgrains;Password=clubgrains;Database=clubgrains"
  export PG_PORT PG_DIR PG_TEST_CONNECTION
  echo "PostgreSQL is up on 127.0.0.1:$PG_PORT (data in $PG_DIR)."
}

postgres_stop() {
  local bin
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    bin=$(postgres_bin)
    postgres_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
