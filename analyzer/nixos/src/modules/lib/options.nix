# lib.options: declaring options, documentation values, the merge functions
# of simple types, and the text of option paths and definitions in messages.
{ lib }:
let
  inherit (builtins)
    all concatStringsSep filter foldl' head isAttrs isBool isInt isList
    isString length map match tail;
  inherit (lib.trivial) isFunction;
in
rec {
  ## Declaring

  # An option declaration: exactly the given keys plus `_type = "option"`
  # (keys not given stay absent). Any other key is refused by Nix itself:
  # "called with unexpected argument".
  mkOption =
    args@{ default ? null
    , defaultText ? null
    , example ? null
    , description ? null
    , relatedPackages ? null
    , type ? null
    , apply ? null
    , internal ? null
    , visible ? null
    , readOnly ? null
    }:
    args // { _type = "option"; };

  # A boolean option, default false, example true, described as
  # "Whether to enable <name>.".
  mkEnableOption = name: mkOption {
    default = false;
    example = true;
    description = "Whether to enable ${name}.";
    type = lib.types.bool;
  };

  # A package option: the type `package` (`nullOr package` if nullable), the
  # description "The <last part of name> package to use." (+ " " +
  # extraDescription), the default `pkgs.<default path>` with a
  # literalExpression defaultText. `default = null` gives no default unless
  # nullable (then null). The default is read from `pkgs` by plain attribute
  # selection, so an unknown `pkgs` gives an unknown default.
  mkPackageOption = pkgs: name:
    { nullable ? false
    , default ? name
    , example ? null
    , extraDescription ? ""
    , pkgsText ? "pkgs"
    }:
    let
      namePath = lib.lists.toList name;
      shortName = lib.lists.last namePath;
      defaultPath = lib.lists.toList default;
      defaultPathText = concatStringsSep "." defaultPath;
      notFound = throw "${defaultPathText} cannot be found in ${pkgsText}";
      # `?`, not `or`: on qg's `pkgs` (whose missing names are unknown) the package is
      # unknown, not missing.
      defaultValue = foldl' (set: attr: if set ? ${attr} then set.${attr} else notFound) pkgs defaultPath;
      defaults =
        if default != null then {
          default = defaultValue;
          defaultText = literalExpression "${pkgsText}.${defaultPathText}";
        }
        else lib.attrsets.optionalAttrs nullable { default = null; };
      examples = lib.attrsets.optionalAttrs (example != null) {
        example = literalExpression
          (if isList example then "${pkgsText}.${concatStringsSep "." example}" else example);
      };
    in
    mkOption (defaults // examples // {
      description = "The ${shortName} package to use."
        + lib.strings.optionalString (extraDescription != "") (" " + extraDescription);
      type = if nullable then lib.types.nullOr lib.types.package else lib.types.package;
    });

  # An internal, invisible option that accepts and ignores any definition.
  mkSinkUndeclaredOptions = attrs: mkOption ({
    internal = true;
    visible = false;
    default = false;
    description = "Sink for option definitions.";
    type = lib.types.mkOptionType {
      name = "sink";
      check = _: true;
      merge = _: _: false;
    };
    apply = _: throw "Option value is not readable because the option is not declared.";
  } // attrs);

  # Whether a value is an option declaration.
  isOption = lib.types.isType "option";

  ## Documentation values

  # A Nix expression shown as is in the docs: `{ _type = "literalExpression"; text; }`.
  literalExpression = text:
    if !isString text then throw "literalExpression expects a string."
    else { _type = "literalExpression"; inherit text; };

  # Markdown shown as is in the docs: `{ _type = "literalMD"; text; }`.
  literalMD = text:
    if !isString text then throw "literalMD expects a string."
    else { _type = "literalMD"; inherit text; };

  # A fenced code block in a given language, as a literalMD.
  literalCode = languageId: code:
    literalMD ("```" + languageId + "\n" + code + "\n```");

  # Removed from nixpkgs in Nov 2024 (identity in 23.11-24.05). qg keeps the
  # identity so that configurations pinned to those releases evaluate.
  mdDoc = text: text;

  # Removed from nixpkgs in Oct 2025 (a literalExpression before). Kept for
  # configurations pinned to older releases.
  literalExample = text:
    if isString text then literalExpression text else text;

  ## Definitions

  # The values of a list of definitions `{ file; value; }`.
  getValues = map (d: d.value);

  # The files of a list of definitions.
  getFiles = map (d: d.file);

  # The hint that ends conflict messages.
  prioritySuggestion = "Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.";

  ## Merge functions of simple types (they get definitions already stripped
  ## of mkIf/mkMerge/mkOverride/mkOrder)

  # All definitions must be equal (compared with the first); one gives its
  # value, a difference throws the "conflicting definition values" error.
  mergeEqualOption = loc: defs:
    if defs == [ ] then abort "This case should never happen."
    else
      (foldl'
        (first: def:
          if def.value != first.value
          then throw "The option `${showOption loc}' has conflicting definition values:${showDefs [ first def ]}\n${prioritySuggestion}"
          else first)
        (head defs)
        (tail defs)).value;

  # Exactly one definition allowed (merged by `merge`); more throw "defined
  # multiple times while it's expected to be unique" with `message`.
  mergeUniqueOption = { message, merge ? loc: defs: (head defs).value }: loc: defs:
    if length defs == 1 then merge loc defs
    else
      assert length defs > 1;
      throw "The option `${showOption loc}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefs defs}\n${prioritySuggestion}";

  # mergeUniqueOption without a message.
  mergeOneOption = mergeUniqueOption { message = ""; };

  # The merge of untyped options: one value as is; functions merge their
  # results; lists concatenate; sets `//` (the last definition wins); booleans
  # OR; strings join; equal integers; anything else throws.
  mergeDefaultOption = loc: defs:
    let values = getValues defs; in
    if length values == 1 then head values
    else if all isFunction values then x: mergeDefaultOption loc (map (d: d // { value = d.value x; }) defs)
    else if all isList values then builtins.concatLists values
    else if all isAttrs values then foldl' (a: b: a // b) { } values
    else if all isBool values then foldl' (a: b: a || b) false values
    else if all isString values then lib.strings.concatStrings values
    else if all isInt values && all (x: x == head values) values then head values
    else throw "Cannot merge definitions of `${showOption loc}'. Definition values:${showDefs defs}";

  ## Text for messages

  # An option path joined with "."; a part that is not a plain identifier, or
  # is a keyword, is quoted; `*` and `<...>` stay bare.
  showOption = parts:
    let
      part = p:
        if p == "*" || match "<.*>" p != null then p
        else lib.strings.escapeNixIdentifier p;
    in
    concatStringsSep "." (map part parts);

  # Files as "`a' and `b'".
  showFiles = files: concatStringsSep " and " (map (f: "`${f}'") files);

  # Definitions for messages: "\n- In `<file>'" then ": <value>" (one line)
  # or ":\n    <line>" (at most 5 lines, then "..."); the value is printed
  # 10 levels deep, and left out when it fails to evaluate.
  showDefs = defs: lib.strings.concatMapStrings
    (def:
      let
        printed = builtins.tryEval (lib.generators.toPretty { }
          (lib.generators.withRecursion { depthLimit = 10; throwOnDepthLimit = false; } def.value));
        lines = filter (x: !isList x) (builtins.split "\n" printed.value);
        shown = lib.lists.take 5 lines ++ lib.lists.optional (length lines > 5) "...";
        text =
          if !printed.success then ""
          else if length lines > 1 then ":\n    " + concatStringsSep "\n    " shown
          else ": " + head lines;
      in
      "\n- In `${def.file}'${text}")
    defs;

  # The file name used for modules without one.
  unknownModule = "<unknown-file>";
}
