#!/bin/sh
# gwr offline install: a venv next to this script (or at $1), packages from ./wheels only.
set -e
here=$(cd "$(dirname "$0")" && pwd)
venv=${1:-$here/venv}
py=${PYTHON:-}
for c in @CANDIDATES@ python3; do
    [ -n "$py" ] && break
    command -v "$c" >/dev/null 2>&1 &&
        "$c" -c 'import sys; sys.exit(sys.version_info[:2] not in @TUPLES@)' && py=$c
done
[ -n "$py" ] || { echo "gwr: needs Python @SPAN@, none found (python3 --version)" >&2; exit 1; }
"$py" -m venv "$venv" || { echo "gwr: '$py -m venv' failed (UOS/Debian: python3-venv)" >&2; exit 1; }
"$venv/bin/python" -m pip install --no-index --find-links "$here/wheels" \
    -c "$here/constraints.txt" --disable-pip-version-check --upgrade gwr
echo
echo "gwr installed. Run:  $venv/bin/gwr --help"
echo "Or put it on PATH:   export PATH=\"$venv/bin:\$PATH\""
