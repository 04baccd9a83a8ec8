# lib.trivial: small combinators, booleans, numbers, warnings and errors,
# function introspection, fixed points and the release version.
{ lib }:
let
  inherit (builtins) foldl' trace;
in
rec {
  ## Combinators

  # The identity function.
  id = x: x;

  # A function that ignores its second argument and returns the first.
  const = x: _: x;

  # Calls `f` with its two arguments swapped.
  flip = f: a: b: f b a;

  # Threads a value through a list of functions, left to right:
  # `pipe x [ f g ]` is `g (f x)`.
  pipe = value: fns: foldl' (acc: f: f acc) value fns;

  # List concatenation as a function.
  concat = x: y: x ++ y;

  # Shallow union of two sets, the right one winning on a clash.
  mergeAttrs = x: y: x // y;

  ## Booleans

  # Boolean `||` as a function.
  "or" = x: y: x || y;

  # Boolean `&&` as a function.
  "and" = x: y: x && y;

  # Exclusive or of two booleans.
  xor = x: y: (!x) != (!y);

  # Bitwise complement of an integer.
  bitNot = x: builtins.sub (-1) x;

  # "true" or "false".
  boolToString = b: if b then "true" else "false";

  ## Null handling

  # `x` unless it is null, then `default`.
  defaultTo = default: x: if x == null then default else x;

  # Applies `f` unless the value is null (null stays null).
  mapNullable = f: x: if x == null then x else f x;

  ## Numbers

  # The smaller of two values.
  min = x: y: if x < y then x else y;

  # The larger of two values.
  max = x: y: if x > y then x else y;

  # Remainder of the integer division, with the sign of the dividend.
  mod = base: int: base - (int * (builtins.div base int));

  # -1, 0 or 1 as `a` is smaller than, equal to or larger than `b`.
  compare = a: b: if a < b then -1 else if a > b then 1 else 0;

  # Compares with `yes` the values that satisfy `p`, with `no` the others;
  # values that satisfy `p` sort first.
  splitByAndCompare = p: yes: no: a: b:
    if p a then (if p b then yes a b else -1)
    else if p b then 1
    else no a b;

  ## Files

  # Reads a JSON file into a value.
  importJSON = path: builtins.fromJSON (builtins.readFile path);

  # Reads a TOML file into a value.
  importTOML = path: builtins.fromTOML (builtins.readFile path);

  ## Warnings, traces and errors

  # Prints "evaluation warning: <msg>" and returns `v`.
  # (Nix 2.8 has no builtins.warn; newer Nix prints the same prefix.)
  warn =
    if builtins ? warn then builtins.warn
    else msg: v: trace "evaluation warning: ${msg}" v;

  # Warns only when the condition is true.
  warnIf = cond: msg: if cond then warn msg else id;

  # Warns only when the condition is false.
  warnIfNot = cond: msg: if cond then id else warn msg;

  # Prints every warning of the list, in order, then returns `v`.
  showWarnings = warnings: v: lib.lists.foldr (w: acc: warn w acc) v warnings;

  # Prints "INFO: <msg>" and returns `v`.
  info = msg: trace "INFO: ${msg}";

  # Throws `msg` when the condition is true, else is the identity.
  throwIf = cond: msg: if cond then throw msg else id;

  # Throws `msg` when the condition is false, else is the identity.
  throwIfNot = cond: msg: if cond then id else throw msg;

  # Throws "<msg>: <bad> unexpected; valid ones: <valid>" when `given` holds an
  # element that is not in `valid`; else the identity.
  checkListOfEnum = msg: valid: given:
    let
      unexpected = lib.lists.subtractLists valid given;
      show = xs: builtins.concatStringsSep ", " (map toString xs);
    in
    throwIfNot (unexpected == [ ])
      "${msg}: ${show unexpected} unexpected; valid ones: ${show valid}";

  # Traces the value itself and returns it.
  traceVal = x: trace x x;

  # Traces `x` deeply evaluated, then returns `y`.
  traceSeq = x: y: trace (builtins.deepSeq x x) y;

  # Traces `x` only when the condition holds, then returns `y`.
  traceIf = cond: x: y: if cond then trace x y else y;

  ## Functions

  # True for lambdas and primops, and for sets with a callable `__functor`.
  isFunction = f: builtins.isFunction f || (f ? __functor && isFunction (f.__functor f));

  # The formal arguments of a function (`{ name = hasDefault; }`), also for
  # `__functor` sets, which may carry them in `__functionArgs`.
  functionArgs = f:
    if f ? __functor
    then f.__functionArgs or (functionArgs (f.__functor f))
    else builtins.functionArgs f;

  # Wraps `f` in a functor set that reports `args` as its formal arguments.
  setFunctionArgs = f: args: {
    __functor = _: f;
    __functionArgs = args;
  };

  # Gives `g` the formal arguments of `f`.
  mirrorFunctionArgs = f: g: setFunctionArgs g (functionArgs f);

  # A function unchanged; any other value as a constant function.
  toFunction = v: if isFunction v then v else _: v;

  ## Fixed points and extensions

  # The fixed point of `f`: `x` with `x = f x`.
  fix = f: let x = f x; in x;

  # As `fix`, remembering `f` under `__unfix__`.
  fix' = f: let x = f x // { __unfix__ = f; }; in x;

  # Applies an overlay `final: prev: { ... }` on top of `rattrs`.
  extends = overlay: rattrs: final:
    let prev = rattrs final; in prev // overlay final prev;

  # One overlay made of two: `g` sees what `f` changed.
  composeExtensions = f: g: final: prev:
    let
      fApplied = f final prev;
      prev' = prev // fApplied;
    in
    fApplied // g final prev';

  # One overlay made of a list of overlays, first to last.
  composeManyExtensions = lib.lists.foldr composeExtensions (_: _: { });

  # Turns a set, a function of `prev` or an overlay into an overlay.
  toExtension = f:
    if isFunction f then
      final: prev:
        let fPrev = f prev; in
        if isFunction fPrev then f final prev else fPrev
    else
      _: _: f;

  # A fixed point with an `extend` function that adds an overlay.
  makeExtensible = makeExtensibleWithCustomName "extend";

  # As makeExtensible, with the extending function under another name.
  makeExtensibleWithCustomName = extenderName: rattrs:
    fix' (self: rattrs self // {
      ${extenderName} = f: makeExtensibleWithCustomName extenderName (extends f rattrs);
    });

  ## Release

  # The nixpkgs release this lib follows (facts: lib/.version 26.11).
  release = "26.11";

  # Its code name.
  codeName = "Zokor";

  # The oldest release still supported, as a YYMM number.
  oldestSupportedRelease = 2511;

  # Suffix of `version` outside a flake checkout.
  versionSuffix = "pre-git";

  # Release plus suffix.
  version = release + versionSuffix;

  # Whether the oldest supported release is at least `release` (YYMM).
  oldestSupportedReleaseIsAtLeast = release: release <= oldestSupportedRelease;

  # Older name of oldestSupportedReleaseIsAtLeast.
  isInOldestRelease = oldestSupportedReleaseIsAtLeast;

  # Evaluation happens outside nix-shell for qg.
  inNixShell = false;

  # Whether evaluation is pure (no currentSystem).
  inPureEvalMode = !builtins ? currentSystem;

  # Version comparisons (also in lib.strings).
  inherit (lib.strings) versionOlder versionAtLeast;

  # Re-exported builtins.
  inherit (builtins) pathExists readFile isBool isInt isFloat add sub lessThan
    seq deepSeq genericClosure bitAnd bitOr bitXor;
}
