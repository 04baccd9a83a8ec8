# Declaring options, and the merge functions of simple types.
{ lib }:
let
  inherit (builtins) head tail length filter map isList isAttrs isString isInt isBool typeOf attrNames concatStringsSep all toJSON;
  inherit (lib.strings) escapeNixIdentifier concatMapStrings;
in
rec {
  isOption = x: isAttrs x && (x._type or "") == "option";

  # An option declaration: the arguments, marked as an option.
  mkOption =
    { default ? null, defaultText ? null, example ? null, description ? null
    , relatedPackages ? null, type ? null, apply ? null, internal ? null
    , visible ? null, readOnly ? null }@attrs:
    attrs // { _type = "option"; };

  mkEnableOption = name: mkOption {
    default = false;
    example = true;
    description = "Whether to enable ${name}.";
    type = lib.types.bool;
  };

  # The option of a package of `pkgs` (by name or attribute path).
  mkPackageOption = pkgs: name:
    { nullable ? false, default ? name, example ? null, extraDescription ? "", pkgsText ? "pkgs" }:
    let
      shortName = if isList name then lib.lists.last name else name;
      path = lib.lists.toList default;
      pathText = concatStringsSep "." path;
      fromPkgs = lib.attrsets.attrByPath path (throw "${pathText} cannot be found in ${pkgsText}") pkgs;
      defaults =
        if default != null then { default = fromPkgs; defaultText = literalExpression "${pkgsText}.${pathText}"; }
        else lib.attrsets.optionalAttrs nullable { default = null; };
    in
    mkOption (defaults // {
      description = "The ${shortName} package to use." + (if extraDescription == "" then "" else " " + extraDescription);
      type = if nullable then lib.types.nullOr lib.types.package else lib.types.package;
    } // lib.attrsets.optionalAttrs (example != null) {
      example = literalExpression (if isList example then "${pkgsText}.${concatStringsSep "." example}" else example);
    });

  literalExpression = text:
    if !isString text then throw "literalExpression expects a string."
    else { _type = "literalExpression"; inherit text; };
  literalMD = text:
    if !isString text then throw "literalMD expects a string."
    else { _type = "literalMD"; inherit text; };

  # `a.b."c.d"`.
  showOption = parts: concatStringsSep "." (map (p:
    if p == "*" || (lib.strings.hasPrefix "<" p && lib.strings.hasSuffix ">" p) then p
    else escapeNixIdentifier p) parts);
  showFiles = files: concatStringsSep " and " (map (f: "`${toString f}'") files);
  showDefs = defs: concatMapStrings (d:
    let shown = builtins.tryEval (if isString d.value then toJSON d.value else if isInt d.value || isBool d.value then toJSON d.value else "<${typeOf d.value}>"); in
    "\n- In `${d.file}'" + (if shown.success then ": ${shown.value}" else "")) defs;

  getValues = map (d: d.value);
  getFiles = map (d: d.file);

  # The merge functions of simple types.
  mergeEqualOption = loc: defs:
    if defs == [ ] then abort "This case should never happen."
    else (lib.lists.foldl' (first: d:
      if d.value != first.value then
        throw "The option `${showOption loc}' has conflicting definition values:${showDefs [ first d ]}\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions."
      else first) (head defs) (tail defs)).value;
  mergeUniqueOption = { message, merge ? loc: defs: (head defs).value }: loc: defs:
    if length defs == 1 then merge loc defs
    else throw "The option `${showOption loc}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefs defs}\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.";
  mergeOneOption = mergeUniqueOption { message = ""; };
  mergeDefaultOption = loc: defs:
    let values = getValues defs; in
    if length values == 1 then head values
    else if all builtins.isFunction values then x: mergeDefaultOption loc (map (f: f x) values)
    else if all isList values then builtins.concatLists values
    else if all isAttrs values then lib.lists.foldl' (a: b: a // b) { } values
    else if all isBool values then builtins.any (x: x) values
    else if all isString values then lib.strings.concatStrings values
    else if all isInt values && all (x: x == head values) values then head values
    else throw "Cannot merge definitions of `${showOption loc}'. Definition values:${showDefs defs}";
}
