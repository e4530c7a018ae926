#!/usr/bin/env bash
# npm run tools:pulumi: the Pulumi CLI this repository tests with, built from Go modules into
# .tools/pulumi/bin/ (git-ignored), beside the two plugins the CLI needs for a TypeScript program with
# dynamic resources:
#   pulumi                           the CLI and engine, github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at the
#                                    version pinned in tools/pulumi/go.mod
#   pulumi-language-nodejs           runs the program: tools/pulumi/language-host.ts, compiled to ../lib/
#   pulumi-resource-pulumi-nodejs    runs dynamic providers: the program's @pulumi/pulumi/cmd/dynamic-provider
# Idempotent: the CLI is rebuilt only when go.mod or go.sum change (Go's build cache makes a rebuild of
# an unchanged module quick as well); the language host when its source changes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SRC=$ROOT/tools/pulumi
OUT=$ROOT/.tools/pulumi
BIN=$OUT/bin
T0=$(date +%s)

if ! command -v go >/dev/null; then
  echo "tools:pulumi: no Go toolchain on PATH: install Go >= 1.26 (the CLI is built from Go modules), or put a Pulumi CLI on PATH" >&2
  exit 2
fi
VERSION=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2 }' "$SRC/go.mod")
mkdir -p "$BIN" "$OUT/lib"

# The CLI -------------------------------------------------------------------------------------------------
stamp=$(cat "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -c1-16)
if [ -x "$BIN/pulumi" ] && [ "$(cat "$OUT/cli.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "tools:pulumi: pulumi $VERSION is built"
else
  echo "tools:pulumi: building pulumi $VERSION from Go modules (the first build takes several minutes)"
  # GOFLAGS=-mod=mod: go.sum is committed; the module is only ever built, never edited, here.
  (cd "$SRC" && GOFLAGS=-mod=mod go build \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" \
    -o "$BIN/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  echo "$stamp" > "$OUT/cli.stamp"
fi

# The language host -------------------------------------------------------------------------------------
host_stamp=$(sha256sum "$SRC/language-host.ts" "$SRC/tsconfig.json" | sha256sum | cut -c1-16)
if [ ! -f "$OUT/lib/language-host.js" ] || [ "$(cat "$OUT/host.stamp" 2>/dev/null)" != "$host_stamp" ]; then
  # compiled next to the repository's node_modules, where it finds @grpc/grpc-js and the SDK's stubs
  (cd "$ROOT" && npx --no-install tsc -p "$SRC/tsconfig.json" --outDir "$OUT/lib")
  echo "$host_stamp" > "$OUT/host.stamp"
fi
cat > "$BIN/pulumi-language-nodejs" <<'EOF'
#!/bin/sh
# The Node.js language host (tools/pulumi/language-host.ts)
exec node "$(dirname "$(readlink -f "$0")")/../lib/language-host.js" "$@"
EOF

# The dynamic provider launcher, as Pulumi ships it: the host of the program's own @pulumi/pulumi -----------
cat > "$BIN/pulumi-resource-pulumi-nodejs" <<'EOF'
#!/bin/sh
# Runs @pulumi/pulumi's dynamic provider host from the program's node_modules (the engine starts us there).
script=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || {
  echo "pulumi-resource-pulumi-nodejs: @pulumi/pulumi is not installed in $(pwd): run npm install" >&2
  exit 1
}
exec node "$script" "$@"
EOF
chmod 755 "$BIN/pulumi-language-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"

echo "tools:pulumi: $("$BIN/pulumi" version) in ${BIN#"$ROOT"/} ($(($(date +%s) - T0)) s)"
