# Spectral, the OpenAPI linter, for the OpenAPI lint test (and by hand): sourced by test.sh.
# spectral_install: installs Node.js and npm from Debian's packages when they are missing (needs root),
#                   then @stoplight/spectral-cli at a pinned version from npm into its own folder, once.
#                   The test lints the served /openapi/v1.json with the repository's .spectral.yaml.
# By hand: "$SPECTRAL_BIN" lint --ruleset .spectral.yaml openapi.json

SPECTRAL_VERSION=6.16.3
SPECTRAL_HOME=${CLUBGRAINS_TOOLS:-/opt/clubgrains-tools}/spectral-$SPECTRAL_VERSION
SPECTRAL_BIN=$SPECTRAL_HOME/node_modules/.bin/spectral

spectral_install() {
  if [ -x "$SPECTRAL_BIN" ]; then return 0; fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "Node.js and npm are missing and installing them needs root (apt-get install nodejs npm)." >&2
      return 1
    fi
    echo "Installing Node.js and npm from Debian's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  echo "Installing Spectral $SPECTRAL_VERSION from npm into $SPECTRAL_HOME..."
  mkdir -p "$(dirname "$SPECTRAL_HOME")"
  # Into a fresh folder, moved into place only when whole, so an interrupted install is not taken for one.
  local staging
  staging=$(mktemp -d "$SPECTRAL_HOME.XXXXXX")
  if ! npm install --prefix "$staging" --no-audit --no-fund --loglevel=error "@stoplight/spectral-cli@$SPECTRAL_VERSION" >/dev/null; then
    rm -rf "$staging"
    echo "npm could not install @stoplight/spectral-cli@$SPECTRAL_VERSION." >&2
    return 1
  fi
  rm -rf "$SPECTRAL_HOME"
  mv "$staging" "$SPECTRAL_HOME"
  [ -x "$SPECTRAL_BIN" ] || { echo "Spectral installed no $SPECTRAL_BIN." >&2; return 1; }
}
