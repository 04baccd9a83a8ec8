# lib.asserts: assertions with messages.
{ lib }:
rec {
  # True, or a throw of `msg` when `pred` is false (for use with `assert`).
  assertMsg = pred: msg: pred || builtins.throw msg;

  # Asserts that `val` is one of `xs`:
  # "<name> must be one of <xs>, but is: <val>" (values pretty-printed).
  assertOneOf = name: val: xs:
    assertMsg (builtins.elem val xs)
      "${name} must be one of ${lib.generators.toPretty { } xs}, but is: ${lib.generators.toPretty { } val}";

  # Asserts assertOneOf for every element of `vals`.
  assertEachOneOf = name: vals: xs:
    assertMsg (builtins.all (v: builtins.elem v xs) vals)
      "each element in ${name} must be one of ${lib.generators.toPretty { } xs}, but is: ${lib.generators.toPretty { } vals}";

  # NixOS's end check: throws "\nFailed assertions:\n- <m1>\n- <m2>" when any
  # assertion `{ assertion; message; }` is false, else prints the warnings in
  # order and returns `val`.
  checkAssertWarn = assertions: warnings: val:
    let
      failed = map (a: a.message) (builtins.filter (a: !a.assertion) assertions);
    in
    if failed != [ ]
    then throw "\nFailed assertions:\n${builtins.concatStringsSep "\n" (map (m: "- ${m}") failed)}"
    else lib.trivial.showWarnings warnings val;
}
