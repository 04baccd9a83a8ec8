# Small functions about functions, booleans and the release.
{ lib }:
{
  id = x: x;
  const = x: _: x;
  flip = f: a: b: f b a;
  pipe = builtins.foldl' (x: f: f x);
  boolToString = b: if b then "true" else "false";
  isFunction = f: builtins.isFunction f || (builtins.isAttrs f && f ? __functor);
  # The formal arguments of a function, or of a functor set.
  functionArgs = f:
    if f ? __functor then f.__functionArgs or (lib.trivial.functionArgs (f.__functor f))
    else builtins.functionArgs f;
  setFunctionArgs = f: args: { __functor = _: f; __functionArgs = args; };
  warn = msg: builtins.trace "evaluation warning: ${msg}";
  warnIf = cond: msg: if cond then lib.trivial.warn msg else x: x;
  throwIf = cond: msg: if cond then throw msg else x: x;
  throwIfNot = cond: msg: if cond then x: x else throw msg;
  defaultTo = default: x: if x == null then default else x;
  min = a: b: if a < b then a else b;
  max = a: b: if a > b then a else b;
  release = "26.11";
  oldestSupportedRelease = 2511;
  # Whether the oldest supported release (YYMM) is at least `release`.
  oldestSupportedReleaseIsAtLeast = release: release <= lib.trivial.oldestSupportedRelease;
  version = "26.11pre-mini";
}
