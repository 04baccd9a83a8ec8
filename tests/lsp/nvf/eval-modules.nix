# A small module system for tests/lsp/test_nvf.py, run by the real Nix (nix-instantiate).
#
# qg's own lib (analyzer/nixos/src/modules/lib) has mkOption, the properties (mkIf, mkMerge,
# mkOverride, mkOrder) and the option types, but leaves `evalModules` and the merges of
# container types to qg's Rust module system. This file is the missing evaluation, as
# nixpkgs' lib/modules.nix does it, reduced to what an NVF configuration needs:
#   - modules: paths, functions (called with the arguments they name) and sets, `imports`,
#     `options`/`config` or the shorthand, `_file`, `freeformType`;
#   - definitions: mkIf/mkMerge pushed down through attribute sets and discharged at the
#     option; mkOverride (the highest priority wins, an option's `default` is
#     mkOptionDefault); mkOrder sorts;
#   - merges of attrsOf, lazyAttrsOf, listOf, nullOr, either, unique, submodule and
#     anything here; every other type merges with its own `merge`; values are type-checked;
#   - a definition of an option that does not exist fails (unless a freeformType takes it).
{ lib }:
let
  inherit (builtins)
    all attrNames attrValues concatMap elem filter foldl' functionArgs head intersectAttrs
    isAttrs isBool length listToAttrs map mapAttrs sort;
  inherit (lib.options) showOption showDefs mergeEqualOption mergeOneOption;

  isOption = x: isAttrs x && (x._type or null) == "option";
  isFunction = lib.trivial.isFunction;
  propertyType = v: if isAttrs v then v._type or null else null;
  namesOf = sets: lib.lists.unique (concatMap attrNames sets);
  genAttrs = names: f: listToAttrs (map (name: { inherit name; value = f name; }) names);
  # The definitions of attribute `n` among the set definitions `defs`.
  select = n: defs: concatMap (d: if d.value ? ${n} then [ { inherit (d) file; value = d.value.${n}; } ] else [ ]) defs;

  ## Modules

  # A module as { file; imports; options; config; freeformType }.
  load = args: file: m:
    if builtins.isPath m || builtins.isString m then load args (toString m) (import m)
    else if isFunction m then
      let wanted = if isAttrs m then m.__functionArgs or { } else functionArgs m; in
      load args file (m (intersectAttrs wanted args))
    else if !isAttrs m then throw "module in `${file}' is neither a set, a function nor a path"
    else {
      file = m._file or file;
      imports = m.imports or [ ];
      options = m.options or { };
      config =
        if m ? config || m ? options then m.config or { }
        else removeAttrs m [ "_file" "_class" "key" "imports" "disabledModules" "freeformType" "meta" ];
      freeformType = m.freeformType or null;
    };

  # `m` and everything it imports.
  collect = args: file: m:
    let loaded = load args file m; in
    [ loaded ] ++ concatMap (collect args loaded.file) loaded.imports;

  ## Properties

  # A definition value with mkIf/mkMerge/mkOverride/mkOrder moved into its attributes.
  pushDown = v:
    let t = propertyType v; in
    if t == "merge" then lib.attrsets.zipAttrsWith (_: lib.modules.mkMerge) (map pushDown v.contents)
    else if t == "if" then mapAttrs (_: lib.modules.mkIf v.condition) (pushDown v.content)
    else if t == "override" then mapAttrs (_: lib.modules.mkOverride v.priority) (pushDown v.content)
    else if t == "order" then mapAttrs (_: lib.modules.mkOrder v.priority) (pushDown v.content)
    else v;

  # The values a definition stands for once mkMerge is flattened and mkIf decided.
  discharge = loc: v:
    let t = propertyType v; in
    if t == "merge" then concatMap (discharge loc) v.contents
    else if t == "if" then
      if !isBool v.condition then throw "mkIf called with a non-Boolean condition at `${showOption loc}'"
      else if v.condition then discharge loc v.content
      else [ ]
    else [ v ];

  # { value; } merged from raw definitions, or { } when none survives mkIf.
  mergeDefinitions = loc: type: defs:
    let
      discharged = concatMap (d: map (value: { inherit (d) file; inherit value; }) (discharge loc d.value)) defs;
      priority = v: if propertyType v == "override" then v.priority else lib.modules.defaultOverridePriority;
      highest = foldl' (p: d: if priority d.value < p then priority d.value else p) 9999 discharged;
      stripOverride = d: if propertyType d.value == "override" then d // { value = d.value.content; } else d;
      kept = map stripOverride (filter (d: priority d.value == highest) discharged);
      order = d: if propertyType d.value == "order" then d.value.priority else lib.modules.defaultOrderPriority;
      sorted = sort (a: b: order a < order b) kept;
      stripOrder = d: if propertyType d.value == "order" then d // { value = d.value.content; } else d;
    in
    if kept == [ ] then { } else { value = mergeType loc type (map stripOrder sorted); };

  ## Types

  mergeType = loc: type: defs:
    let
      name = type.name;
      elemType = type.nestedTypes.elemType;
      wrong = filter (d: !(type.check d.value)) defs;
    in
    if wrong != [ ] then
      throw "A definition for option `${showOption loc}' is not of type `${type.description}'. Definition values:${showDefs wrong}"
    else if name == "attrsOf" || name == "lazyAttrsOf" then
      let merged = genAttrs (namesOf (map (d: d.value) defs)) (n: mergeDefinitions (loc ++ [ n ]) elemType (select n defs)); in
      mapAttrs (_: r: r.value) (lib.attrsets.filterAttrs (_: r: r ? value) merged)
    else if name == "listOf" then
      concatMap
        (d: concatMap
          (v: let r = mergeDefinitions (loc ++ [ "*" ]) elemType [ { inherit (d) file; value = v; } ]; in
            if r ? value then [ r.value ] else [ ])
          d.value)
        defs
    else if name == "nullOr" then
      let nulls = filter (d: d.value == null) defs; in
      if length nulls == length defs then null
      else if nulls == [ ] then mergeType loc elemType defs
      else throw "The option `${showOption loc}' is defined both null and not null"
    else if name == "either" then
      let inherit (type.nestedTypes) left right; in
      if all (d: left.check d.value) defs then mergeType loc left defs
      else if all (d: right.check d.value) defs then mergeType loc right defs
      else throw "The option `${showOption loc}' is neither a value of type `${left.description}' nor `${right.description}'"
    else if name == "unique" then
      if length defs == 1 then mergeType loc elemType defs
      else throw "The option `${showOption loc}' is defined multiple times while it's expected to be unique.${showDefs defs}"
    else if name == "submodule" then
      (evalModules {
        modules = type.modules ++ map
          (d:
            if type.shorthandOnlyDefinesConfig && isAttrs d.value && !(d.value ? __functor)
            then { _file = d.file; config = d.value; }
            else { _file = d.file; imports = [ d.value ]; })
          defs;
        specialArgs = { name = lib.lists.last loc; } // type.specialArgs;
        prefix = loc;
      }).config
    else if name == "anything" then
      let values = map (d: d.value) defs; in
      if all (v: isAttrs v && !lib.strings.isStringLike v) values
      then mergeType loc (lib.types.attrsOf lib.types.anything) defs
      else if all lib.strings.isStringLike values then mergeOneOption loc defs
      else mergeEqualOption loc defs
    else type.merge loc defs;

  ## Evaluation

  # The option tree below `path`: `decls` are the declaration sets (or one option) there,
  # `defs` the definitions. Returns { config; unmatched } where `unmatched` lists the
  # definitions of names nothing declares, for the freeformType.
  evalNode = prefix: path: decls: defs:
    let
      loc = prefix ++ path;
      options = filter isOption decls;
    in
    if options != [ ] then
      if length decls > 1 then throw "The option `${showOption loc}' is declared more than once"
      else { config = evalOption loc (head options) defs; unmatched = [ ]; }
    else
      let
        pushed = map (d: d // { value = pushDown d.value; }) defs;
        declared = namesOf decls;
        children = genAttrs declared (n:
          evalNode prefix (path ++ [ n ]) (concatMap (d: if d ? ${n} then [ d.${n} ] else [ ]) decls) (select n pushed));
        strays = filter (n: !(elem n declared)) (namesOf (map (d: d.value) pushed));
      in
      {
        config = mapAttrs (_: c: c.config) children;
        unmatched =
          concatMap (n: map (d: d // { path = path ++ [ n ]; }) (select n pushed)) strays
          ++ concatMap (c: c.unmatched) (attrValues children);
      };

  evalOption = loc: option: defs:
    let
      type = option.type or lib.types.unspecified;
      withDefault = defs ++ lib.lists.optional (option ? default)
        { file = "default of ${showOption loc}"; value = lib.modules.mkOptionDefault option.default; };
      merged = mergeDefinitions loc type withDefault;
      value = if merged ? value then merged.value else throw "The option `${showOption loc}' is used but not defined.";
    in
    if option ? apply then option.apply value else value;

  evalModules = { modules, specialArgs ? { }, prefix ? [ ] }:
    let
      args = { inherit lib config options; } // specialArgs;
      loaded = concatMap (collect args "<unknown-file>") modules;
      # The declarations (not evaluated options: nothing here reads `options.<x>.value`).
      options = foldl' (lib.attrsets.recursiveUpdateUntil (_: l: r: isOption l || isOption r)) { } (map (m: m.options) loaded);
      tree = evalNode prefix [ ] (map (m: m.options) loaded) (map (m: { inherit (m) file; value = m.config; }) loaded);
      freeformTypes = filter (t: t != null) (map (m: m.freeformType) loaded);
      config =
        if tree.unmatched == [ ] then tree.config
        else if freeformTypes == [ ] then
          let stray = head tree.unmatched; in
          throw "The option `${showOption (prefix ++ stray.path)}' does not exist. Definition in `${stray.file}'."
        else
          lib.attrsets.recursiveUpdate
            (mergeType prefix (head freeformTypes)
              (map (d: { inherit (d) file; value = lib.attrsets.setAttrByPath d.path d.value; }) tree.unmatched))
            tree.config;
    in
    { inherit config options; };
in
evalModules
