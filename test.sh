#!/usr/bin/env bash
# The one test command. On a fresh Debian machine, as root, it installs what the tests need
# (PostgreSQL, Prometheus and Node.js from Debian's packages, the Spectral OpenAPI linter from npm),
# starts a throwaway PostgreSQL on 127.0.0.1, runs the whole suite against it, stops it on exit, and
# fails on any failed or skipped test.
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
# shellcheck source=scripts/prometheus.sh
source scripts/prometheus.sh
# shellcheck source=scripts/spectral.sh
source scripts/spectral.sh
postgres_install
prometheus_install
spectral_install
postgres_start
trap postgres_stop EXIT

export CLUBGRAINS_TEST_POSTGRES="$PG_TEST_CONNECTION"
export CLUBGRAINS_REQUIRE_POSTGRES=1
export CLUBGRAINS_PROMETHEUS="$PROMETHEUS_BIN"
export CLUBGRAINS_REQUIRE_PROMETHEUS=1
export CLUBGRAINS_SPECTRAL="$SPECTRAL_BIN"
export CLUBGRAINS_REQUIRE_SPECTRAL=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results=$(mktemp -d /tmp/clubgrains-results.XXXXXX)
set +e
dotnet test ClubGrains.sln -c Release \
  --blame-hang-timeout 10m \
  --results-directory "$results" \
  --logger "trx;LogFileName=clubgrains.trx" \
  --logger "console;verbosity=normal"
status=$?

# The benchmark driver's smoke run (bench/README.md): tiny sizes, every scenario, so it keeps working.
if [ "$status" -eq 0 ]; then
  echo "test.sh: benchmark smoke run (bench/LoadDriver --smoke)"
  # dotnet test builds only the test project and what it references: build the driver itself.
  if ! dotnet build bench/LoadDriver/LoadDriver.csproj -c Release --nologo -v quiet >"$results/bench-build.log" 2>&1; then
    cat "$results/bench-build.log" >&2
    echo "test.sh: the benchmark driver does not build." >&2
    status=1
  elif ! dotnet bench/LoadDriver/bin/Release/net10.0/ClubGrains.LoadDriver.dll --smoke >"$results/bench-smoke.md" 2>"$results/bench-smoke.log"; then
    cat "$results/bench-smoke.md" "$results/bench-smoke.log" >&2
    echo "test.sh: the benchmark smoke run failed." >&2
    status=1
  fi
fi
set -e

# The TRX counters give the totals: <Counters total=".." executed=".." passed=".." failed=".." ...>
counter() { grep -o "<Counters [^>]*" "$results"/*.trx 2>/dev/null | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
total=$(counter total); passed=$(counter passed); failed=$(counter failed)
# Name each failed test and its message last, where a reader of the run's tail finds them.
if [ "$failed" -gt 0 ]; then
  echo "test.sh: failed tests:"
  perl -0ne 'while (/<UnitTestResult [^>]*?testName="([^"]*)"[^>]*?outcome="Failed".*?<Message>(.*?)<\/Message>/sg) { print "  $1\n    ", substr($2, 0, 1500), "\n" }' "$results"/*.trx
fi
skipped=$(( total - $(counter executed) ))
rm -rf "$results"

if [ "$status" -eq 0 ] && [ "$skipped" -gt 0 ]; then
  echo "test.sh: $skipped test(s) were skipped; under ./test.sh every test must run." >&2
  status=1
fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran." >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
