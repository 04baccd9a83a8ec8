# Runs one test file of tests/lib under plain Nix (see run.sh).
#
# A test file evaluates to `{ <name> = { expr; expected; }; ... }` or, for a
# test of an error, `{ <name> = { expr; expectedError = "<text>"; }; }`.
#
# Without `only`: a list of `{ name; status; got?; expected?; }`, status
# "pass", "fail", or "error-test" (an expectedError test, which run.sh runs
# alone to read the message). With `only`: that test's `expr`, deeply
# evaluated (for run.sh to see the error it throws), or with `result = true`
# that test's record alone.
{ file, only ? null, result ? false }:
let
  lib = import ../../analyzer/nixos/src/modules/lib;
  tests = import file;

  deep = v: builtins.deepSeq v v;

  show = v:
    let r = builtins.tryEval (lib.generators.toPretty { multiline = false; } v); in
    if r.success then r.value else "<unprintable>";

  run = name:
    let
      t = tests.${name};
      got = builtins.tryEval (deep t.expr);
    in
    if t ? expectedError then { inherit name; status = "error-test"; expected = t.expectedError; }
    else if !got.success then { inherit name; status = "fail"; got = "<throws>"; expected = show t.expected; }
    else if got.value == t.expected then { inherit name; status = "pass"; }
    else { inherit name; status = "fail"; got = show got.value; expected = show t.expected; };
in
if only != null then (if result then run only else deep tests.${only}.expr)
else map run (builtins.attrNames tests)
