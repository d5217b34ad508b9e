#!/usr/bin/env bash
# Generate the smartem_api package from SPEC (the effective contract) into the given folder;
# scripts/contract.py runs it, `make generate` runs that.
# Fails when the generator reports any warning, so every operation is always written.
set -euo pipefail

out=${1:?usage: generate.sh OUTPUT_DIR}
bin=${VENV_BIN:-.venv/bin}
spec=${SPEC:-openapi/smartem-backend.yaml}

rm -rf "$out"
mkdir -p "$(dirname "$out")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! "$bin/openapi-python-client" generate \
        --path "$spec" \
        --config openapi/generator-config.yaml \
        --meta none \
        --custom-template-path openapi/templates \
        --fail-on-warning \
        --output-path "$out" >"$log" 2>&1; then
    cat "$log" >&2
    echo "generate: openapi-python-client failed" >&2
    exit 1
fi
if grep -qiE 'warning|error' "$log"; then
    cat "$log" >&2
    echo "generate: the generator printed warnings; fix the spec" >&2
    exit 1
fi

"$bin/ruff" check --no-cache --quiet --fix-only --config openapi/ruff-generated.toml "$out"
"$bin/ruff" format --no-cache --quiet --config openapi/ruff-generated.toml "$out"
# Mark the package as typed so type checkers read its annotations.
touch "$out/py.typed"
