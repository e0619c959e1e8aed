# Prometheus for the monitoring tests (and by hand): sourced by test.sh.
# prometheus_install: installs Debian's prometheus package when /usr/bin/prometheus is missing (needs
#                     root). Only the binary is used: the tests run it themselves with deploy/prometheus.yml
#                     on a free 127.0.0.1 port and a temporary data folder, never the packaged service.

PROMETHEUS_BIN=/usr/bin/prometheus

prometheus_install() {
  if [ -x "$PROMETHEUS_BIN" ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "Prometheus is missing and installing it needs root (apt-get install prometheus)." >&2
    return 1
  fi
  echo "Installing Prometheus from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  [ -x "$PROMETHEUS_BIN" ] || { echo "The prometheus package installed no $PROMETHEUS_BIN." >&2; return 1; }
}
