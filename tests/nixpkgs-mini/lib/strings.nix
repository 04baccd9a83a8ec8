# Functions on strings.
{ lib }:
let
  inherit (builtins) substring stringLength concatStringsSep isString toString match replaceStrings toJSON filter isList split;
in
rec {
  inherit (builtins) concatStringsSep substring stringLength toJSON replaceStrings;
  concatStrings = concatStringsSep "";
  concatMapStrings = f: list: concatStrings (map f list);
  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
  optionalString = cond: s: if cond then s else "";
  hasPrefix = prefix: s: substring 0 (stringLength prefix) s == prefix;
  hasSuffix = suffix: s:
    let ls = stringLength s; lx = stringLength suffix; in
    lx <= ls && substring (ls - lx) lx s == suffix;
  removePrefix = prefix: s: if hasPrefix prefix s then substring (stringLength prefix) (stringLength s) s else s;
  removeSuffix = suffix: s: if hasSuffix suffix s then substring 0 (stringLength s - stringLength suffix) s else s;
  hasInfix = infix: s: match ".*${escapeRegex infix}.*" s != null;
  escapeRegex = replaceStrings
    [ "\\" "[" "]" "{" "}" "(" ")" "^" "$" "*" "+" "?" "|" "." ]
    [ "\\\\" "\\[" "\\]" "\\{" "\\}" "\\(" "\\)" "\\^" "\\$" "\\*" "\\+" "\\?" "\\|" "\\." ];
  splitString = sep: s: filter (x: !isList x) (split (escapeRegex sep) s);
  escapeNixString = s: replaceStrings [ "$" ] [ "\\$" ] (toJSON s);
  # A name as an attribute path shows it: bare when it is an identifier.
  escapeNixIdentifier = s:
    if match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null && !(builtins.elem s [ "if" "then" "else" "assert" "with" "let" "in" "rec" "inherit" "or" ])
    then s else escapeNixString s;
  isStringLike = x: isString x || builtins.isPath x || (builtins.isAttrs x && (x ? outPath || x ? __toString));
  isStorePath = x:
    if !(isStringLike x) then false
    else let s = toString x; in
      hasPrefix "${builtins.storeDir}/" s && match "[^/]+" (substring (stringLength builtins.storeDir + 1) (stringLength s) s) != null;
}
