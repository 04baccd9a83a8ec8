#!/usr/bin/env python3
"""Validate SARIF files against the official SARIF 2.1.0 JSON schema.

Usage: python3 tests/sarif/validate.py [--quiet] SARIF_FILE...

For each file prints `ok: FILE`, or one line per validation error:
    FILE: $.runs[0].results[0].level: 'fatal' is not one of [...]
Exit status: 0 when every file is valid, 1 when any file is invalid or
unreadable, 2 on a usage or set-up error (schema or jsonschema missing).

The schema is not part of this repository. It is found at
  1. $QG_SARIF_SCHEMA (a path), else
  2. the path that tests/sarif/fetch-schema.sh writes:
     ${QG_SARIF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/qg/sarif}/sarif-schema-2.1.0.json
Run tests/sarif/fetch-schema.sh first (it is idempotent).

Needs the PyPI package `jsonschema` (>= 4). The schema's `format` keywords
(uri, uri-reference, date-time) are checked only when the optional packages
`rfc3986-validator` and `rfc3339-validator` are importable; a note on stderr
says which formats were not checked.
"""

import json
import os
import sys

SCHEMA_FILE_NAME = "sarif-schema-2.1.0.json"
# Formats the SARIF 2.1.0 schema uses.
SCHEMA_FORMATS = ("uri", "uri-reference", "date-time")


def default_schema_path():
    cache = os.environ.get("QG_SARIF_CACHE_DIR")
    if not cache:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(
            os.path.expanduser("~"), ".cache"
        )
        cache = os.path.join(xdg, "qg", "sarif")
    return os.path.join(cache, SCHEMA_FILE_NAME)


def schema_path():
    env = os.environ.get("QG_SARIF_SCHEMA")
    return env if env else default_schema_path()


def json_path(parts):
    """Render a jsonschema error path (deque of keys/indexes) as $.a[0].b."""
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += "[%d]" % p
        elif isinstance(p, str) and p.isidentifier():
            out += "." + p
        else:
            out += "[%s]" % json.dumps(p)
    return out


def describe(error):
    """One-line message for an error: jsonschema's text, shortened, plus the keyword."""
    msg = " ".join(error.message.split())
    if len(msg) > 300:
        msg = msg[:297] + "..."
    return "%s [%s]" % (msg, error.validator)


def leaf_errors(error, depth=0):
    """For anyOf/oneOf, yield the errors of each alternative (indented)."""
    for sub in sorted(error.context or (), key=lambda e: list(e.relative_schema_path)):
        yield depth, sub
        yield from leaf_errors(sub, depth + 1)


def main(argv):
    args = [a for a in argv[1:] if a != "--quiet"]
    quiet = len(args) != len(argv) - 1
    if not args or any(a in ("-h", "--help") for a in args):
        print(__doc__.strip(), file=sys.stderr)
        return 2

    try:
        import jsonschema
        from jsonschema import validators
    except ImportError:
        print("error: the Python package 'jsonschema' is not installed "
              "(pip install jsonschema)", file=sys.stderr)
        return 2

    path = schema_path()
    try:
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
    except FileNotFoundError:
        print("error: SARIF schema not found at %s; run tests/sarif/fetch-schema.sh "
              "or set QG_SARIF_SCHEMA" % path, file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:
        print("error: cannot read SARIF schema %s: %s" % (path, e), file=sys.stderr)
        return 2

    # The SARIF 2.1.0 schema declares draft-07; follow whatever it declares.
    cls = validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    validator = cls(schema, format_checker=checker)

    unchecked = [f for f in SCHEMA_FORMATS if f not in checker.checkers]
    if unchecked and not quiet:
        print("note: formats not checked (install rfc3986-validator / "
              "rfc3339-validator): %s" % ", ".join(unchecked), file=sys.stderr)

    failed = False
    for name in args:
        try:
            with open(name, encoding="utf-8") as f:
                instance = json.load(f)
        except (OSError, ValueError) as e:
            print("%s: cannot read JSON: %s" % (name, e))
            failed = True
            continue
        errors = sorted(
            validator.iter_errors(instance),
            key=lambda e: (list(map(str, e.absolute_path)), list(map(str, e.schema_path))),
        )
        if not errors:
            print("ok: %s" % name)
            continue
        failed = True
        for err in errors:
            print("%s: %s: %s" % (name, json_path(err.absolute_path), describe(err)))
            for depth, sub in leaf_errors(err):
                print("%s    %s- %s: %s" % (" " * len(name), "  " * depth,
                                           json_path(sub.absolute_path), describe(sub)))
        print("%s: %d error(s)" % (name, len(errors)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
