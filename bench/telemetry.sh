#!/usr/bin/env bash
# Read throughput with tracing sampled at 0 (no traces, metrics on), 0.1 (the default) and 1 (every
# request traced): GET /venues/{id}, one grain call, 64 connections for 10 s after a 5 s warm-up,
# with wrk (Debian package wrk). Each ratio gets a fresh service on a temp data folder.
# Usage: bench/telemetry.sh [ratios...]   (default: 0 0.1 1 0 0.1 1)
set -u
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
dotnet build Api -c Release --nologo -v quiet >/dev/null || exit 1
dll=Api/bin/Release/net10.0/ClubGrains.Api.dll
key=$(head -c 48 /dev/urandom | base64 -w0)
work=$(mktemp -d /tmp/clubgrains-telemetry.XXXXXX)
trap 'rm -rf "$work"' EXIT
ratios=${*:-0 0.1 1 0 0.1 1}
echo "| sample ratio | requests/s | latency avg | latency max |"
echo "|---:|---:|---:|---:|"
for ratio in $ratios; do
  rm -rf "$work/data"; mkdir -p "$work/data"
  dotnet "$dll" --urls http://127.0.0.1:5181 "--ClubGrains:Sqlite:Path=$work/data/club.db" "--ClubGrains:Auth:SigningKey=$key" \
    --ClubGrains:Auth:WritesPerSecond=1000 "--ClubGrains:Telemetry:SampleRatio=$ratio" --ClubGrains:Management:Url=http://127.0.0.1:9481 \
    --ClubGrains:Cluster:SiloPort=11901 --ClubGrains:Cluster:GatewayPort=30901 --Logging:LogLevel:Default=Warning >"$work/api.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do curl -sf http://127.0.0.1:5181/health/ready >/dev/null && break; sleep 0.5; done
  token=$(dotnet "$dll" token --role operator --venue '*' "--ClubGrains:Auth:SigningKey=$key" "--ClubGrains:Sqlite:Path=$work/data/club.db")
  curl -sf -X POST http://127.0.0.1:5181/venues -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"id":"t1","name":"T","timeZone":"Asia/Shanghai","kinds":["ktv"]}' >/dev/null
  wrk -t2 -c64 -d5s -H "Authorization: Bearer $token" http://127.0.0.1:5181/venues/t1 >/dev/null 2>&1
  out=$(wrk -t2 -c64 -d10s -H "Authorization: Bearer $token" http://127.0.0.1:5181/venues/t1 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  lat=$(echo "$out" | awk '/Latency/ {print $2" | "$4}')
  echo "| $ratio | $rps | $lat |"
  kill "$pid"; wait "$pid" 2>/dev/null
done
