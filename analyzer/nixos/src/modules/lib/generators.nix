# lib.generators: values to text (pretty-printing for messages, key=value and
# INI files, JSON).
{ lib }:
let
  inherit (builtins)
    attrNames concatStringsSep filter isAttrs isBool isFloat isFunction isInt
    isList isPath isString length split typeOf;
  inherit (lib.strings) escapeNixIdentifier;
in
rec {
  # Nix-like text of a value, as used in option error messages.
  # Strings are quoted (several lines: an indented '' string when
  # `multiline`); lists and sets go one item per line when `multiline`;
  # derivations print as "<derivation NAME>"; functions as "<function>" or
  # "<function, args: {a, b?}>"; a set with `__pretty` and `val` is printed by
  # its `__pretty` when `allowPrettyValues`.
  toPretty = { allowPrettyValues ? false, multiline ? true, indent ? "" }:
    let
      go = indent: v:
        let
          inner = indent + "  ";
          nl = if multiline then "\n" + indent else " ";
          nlInner = if multiline then "\n" + inner else " ";
        in
        if isInt v || isFloat v then toString v
        else if isBool v then lib.trivial.boolToString v
        else if v == null then "null"
        else if isPath v then toString v
        else if isString v then showString indent v
        else if isList v then
          if v == [ ] then "[ ]"
          else "[" + nlInner + concatStringsSep nlInner (map (go inner) v) + nl + "]"
        else if isFunction v then showFunction v
        else if isAttrs v then
          if allowPrettyValues && v ? __pretty && v ? val then v.__pretty v.val
          else if v == { } then "{ }"
          else if lib.attrsets.isDerivation v then "<derivation ${v.name or "???"}>"
          else "{" + nlInner
            + concatStringsSep nlInner
              (map (n: "${escapeNixIdentifier n} = ${go inner v.${n}};") (attrNames v))
            + nl + "}"
        else "<${typeOf v}>";

      showString = indent: s:
        let
          lines = filter (x: !isList x) (split "\n" s);
          oneLine = "\"" + concatStringsSep "\\n"
            (map (builtins.replaceStrings [ "\\" "\"" "\${" ] [ "\\\\" "\\\"" "\\\${" ]) lines) + "\"";
          escapeMulti = builtins.replaceStrings [ "\${" "''" ] [ "''\${" "'''" ];
          manyLines = "''" + "\n"
            + concatStringsSep "\n" (map (l: if l == "" then l else indent + "  " + escapeMulti l) lines)
            + (if lib.lists.last lines == "" then indent else "") + "''";
        in
        if multiline && length lines > 1 then manyLines else oneLine;

      showFunction = f:
        let
          args = lib.trivial.functionArgs f;
          shown = concatStringsSep ", "
            (map (n: if args.${n} then n + "?" else n) (attrNames args));
        in
        if args == { } then "<function>" else "<function, args: {${shown}}>";
    in
    go indent;

  # The value with everything deeper than `depthLimit` levels replaced: a
  # throw when `throwOnDepthLimit`, else the string "<unevaluated>".
  withRecursion = { depthLimit, throwOnDepthLimit ? true }:
    let
      cut =
        if throwOnDepthLimit
        then throw "Exceeded maximum eval-depth limit of ${toString depthLimit} while trying to evaluate with `generators.withRecursion'!"
        else "<unevaluated>";
      go = depth: v:
        if depth > depthLimit then cut
        else if isList v then map (go (depth + 1)) v
        else if isAttrs v && !lib.attrsets.isDerivation v then builtins.mapAttrs (_: go (depth + 1)) v
        else v;
    in
    go 0;

  # The value part of a key=value line: numbers, booleans, strings, null and
  # string-likes; other values throw.
  mkValueStringDefault = { }: v:
    if isInt v || isFloat v then toString v
    else if isBool v then lib.trivial.boolToString v
    else if isString v then v
    else if v == null then "null"
    else if lib.strings.isStringLike v then toString v
    else throw "generators.mkValueStringDefault: ${typeOf v} not supported: ${toPretty { } v}";

  # "key<sep>value", `sep` escaped in the key.
  mkKeyValueDefault = { mkValueString ? mkValueStringDefault { } }: sep: k: v:
    "${lib.strings.escape [ sep ] k}${sep}${mkValueString v}";

  # One "key=value" line per attribute (sorted by name); with
  # `listsAsDuplicateKeys`, one line per list element.
  toKeyValue = { mkKeyValue ? mkKeyValueDefault { } "=", listsAsDuplicateKeys ? false, indent ? "" }: attrs:
    let
      line = k: v: indent + mkKeyValue k v + "\n";
      lines = k: v:
        if listsAsDuplicateKeys && isList v then lib.strings.concatMapStrings (line k) v
        else line k v;
    in
    lib.strings.concatStrings (lib.attrsets.mapAttrsToList lines attrs);

  # An INI file: a "[section]" header then toKeyValue for each attribute,
  # sections separated by an empty line.
  toINI = { mkSectionName ? (name: lib.strings.escape [ "[" "]" ] name)
          , mkKeyValue ? mkKeyValueDefault { } "="
          , listsAsDuplicateKeys ? false }: attrsOfAttrs:
    concatStringsSep "\n" (lib.attrsets.mapAttrsToList
      (name: values:
        "[${mkSectionName name}]\n" + toKeyValue { inherit mkKeyValue listsAsDuplicateKeys; } values)
      attrsOfAttrs);

  # toINI with an optional section-less part first.
  toINIWithGlobalSection = { mkSectionName ? (name: lib.strings.escape [ "[" "]" ] name)
                           , mkKeyValue ? mkKeyValueDefault { } "="
                           , listsAsDuplicateKeys ? false }:
    { globalSection, sections ? { } }:
    (if globalSection == { } then ""
     else toKeyValue { inherit mkKeyValue listsAsDuplicateKeys; } globalSection
       + (if sections == { } then "" else "\n"))
    + toINI { inherit mkSectionName mkKeyValue listsAsDuplicateKeys; } sections;

  # Inline Lua code kept as is by Lua generators (the value `types.luaInline`
  # accepts).
  mkLuaInline = expr: { _type = "lua-inline"; inherit expr; };

  # JSON text.
  toJSON = { }: builtins.toJSON;

  # YAML text (JSON is YAML).
  toYAML = { }: builtins.toJSON;
}
