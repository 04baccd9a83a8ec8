# lib.modules: the property constructors (mkIf, mkMerge, mkOverride, mkOrder
# and their named priorities), definition helpers, and the rename/removal
# modules. evalModules itself is qg's Rust module system.
#
# Rename/removal modules are callable like the function modules nixpkgs
# returns (`{ config, options, ... }: { options; config; }`) but are functor
# sets carrying a `_qg` marker so that qg can recognise and report them:
#   { _qg = { kind; from; to; ... }; __functor; __functionArgs; }
{ lib }:
let
  inherit (builtins) any filter foldl' map;
  inherit (lib.attrsets) attrByPath getAttrFromPath optionalAttrs setAttrByPath recursiveUpdate;
  inherit (lib.options) mkOption showOption showFiles;
  inherit (lib.lists) optional;
in
rec {
  ## Properties

  # A definition that applies only when `condition` (a boolean) holds.
  # Neither argument is forced.
  mkIf = condition: content: { _type = "if"; inherit condition content; };

  # Several definitions given as one.
  mkMerge = contents: { _type = "merge"; inherit contents; };

  # A definition with an override priority (smaller wins).
  mkOverride = priority: content: { _type = "override"; inherit priority content; };

  # A definition with an order priority for list and string concatenation
  # (smaller comes first).
  mkOrder = priority: content: { _type = "order"; inherit priority content; };

  # A definition with its own file: `{ file; value; }` marked "definition".
  mkDefinition = args@{ file, value }: args // { _type = "definition"; };

  # mkIf whose condition throws "\nFailed assertion: <message>" when
  # `assertion` is false.
  mkAssert = assertion: message: content:
    mkIf (if assertion then true else throw "\nFailed assertion: ${message}") content;

  ## Override priorities

  # The priority of a plain definition.
  defaultOverridePriority = 100;

  # Older name of defaultOverridePriority.
  defaultPriority = defaultOverridePriority;

  # Priority 1500: an option's `default`.
  mkOptionDefault = mkOverride 1500;

  # Priority 1000: a module's default, beaten by a plain definition.
  mkDefault = mkOverride 1000;

  # Priority 60: installation-media images.
  mkImageMediaOverride = mkOverride 60;

  # Priority 50: beats plain definitions.
  mkForce = mkOverride 50;

  # Priority 10: VM tests.
  mkVMOverride = mkOverride 10;

  ## Order priorities

  # The order of a plain definition.
  defaultOrderPriority = 1000;

  # Order 500: before plain definitions.
  mkBefore = mkOrder 500;

  # Order 1500: after plain definitions.
  mkAfter = mkOrder 1500;

  ## Definition helpers (they read an evaluated option:
  ## `isDefined`, `definitions`, `highestPrio`, `value`)

  # `mkIf` that applies only when `option` is an option with a definition.
  mkAliasIfDef = option: mkIf (lib.options.isOption option && option.isDefined);

  # The definitions of `option`, wrapped by `wrap`, when it is defined.
  mkAliasAndWrapDefinitions = wrap: option:
    mkAliasIfDef option (wrap (mkMerge option.definitions));

  # As mkAliasAndWrapDefinitions, each definition kept at the option's
  # highest priority.
  mkAliasAndWrapDefsWithPriority = wrap: option:
    let prio = option.highestPrio or defaultOverridePriority; in
    mkAliasIfDef option (wrap (mkMerge (map (mkOverride prio) option.definitions)));

  # `mkIf opt.isDefined (mkMerge opt.definitions)`.
  mkAliasDefinitions = mkAliasAndWrapDefinitions lib.trivial.id;

  # `f opt.value` at the priority of `opt`'s definitions (100 if unknown).
  mkDerivedConfig = opt: f: mkOverride (opt.highestPrio or defaultOverridePriority) (f opt.value);

  # Applies `f` to the value beneath any mkIf/mkMerge/mkOverride/mkOrder
  # wrappers of a definition.
  mapDefinitionValue = f: def:
    let t = def._type or null; in
    if t == "if" || t == "override" || t == "order"
    then def // { content = mapDefinitionValue f def.content; }
    else if t == "merge"
    then def // { contents = map (mapDefinitionValue f) def.contents; }
    else f def;

  # A module `m` whose definitions and declarations, unless they say
  # otherwise, are attributed to `file`.
  setDefaultModuleLocation = file: m: { _file = file; imports = [ m ]; };

  # The module in the file `modulePath`, a function of `staticArg`, applied to it and
  # attributed to that file.
  importApply = modulePath: staticArg:
    setDefaultModuleLocation modulePath (import modulePath staticArg);

  ## Rename and removal modules

  # A callable module (like `{ config, options, ... }: ...`) with a `_qg`
  # marker describing it.
  markedModule = marker: f: {
    _qg = marker;
    __functor = _: f;
    __functionArgs = builtins.functionArgs f;
  };

  # The general alias: declares `from` (the type of `to`, or `submodule {}`
  # when `to` is not declared; description "Alias of {option}`<to>`."; the
  # value of `to` passed through `use`) and moves every definition of `from`
  # to `to` (keeping its priority when `withPriority`), under `condition`.
  # With `warn`, a NixOS warning names the files that still define `from`.
  doRename = { from, to, visible, warn, use, withPriority ? true, condition ? true }:
    markedModule
      { kind = "rename"; inherit from to visible warn withPriority condition; }
      ({ config, options, ... }:
        let
          fromOpt = getAttrFromPath from options;
          toOpt = attrByPath to null options;
          toValue = attrByPath to
            (abort "Renaming error: option `${showOption to}' does not exist.")
            config;
          toType = if toOpt != null && toOpt ? type then toOpt.type else lib.types.submodule { };
          wrap = if withPriority then mkAliasAndWrapDefsWithPriority else mkAliasAndWrapDefinitions;
        in
        {
          options = setAttrByPath from (mkOption {
            inherit visible;
            description = "Alias of {option}`${showOption to}`.";
            apply = _: use toValue;
            type = toType;
          });
          config = mkIf condition (mkMerge [
            (optionalAttrs (options ? warnings) {
              warnings = optional (warn && fromOpt.isDefined)
                "The option `${showOption from}' defined in ${showFiles fromOpt.files} has been renamed to `${showOption to}'.";
            })
            (wrap (setAttrByPath to) fromOpt)
          ]);
        });

  # `from` renamed to `to`: definitions move, with a warning; reading `from`
  # traces "Obsolete option `<from>' is used. It was renamed to `<to>'.".
  mkRenamedOptionModule = from: to:
    let m = doRename {
      inherit from to;
      visible = false;
      warn = true;
      use = builtins.trace "Obsolete option `${showOption from}' is used. It was renamed to `${showOption to}'.";
    };
    in m // { _qg = m._qg // { kind = "renamed"; }; };

  # As mkRenamedOptionModule, warning only when `sinceRelease` (YYMM) is not
  # newer than the oldest supported release.
  mkRenamedOptionModuleWith = { sinceRelease, from, to }:
    let
      warn = lib.trivial.oldestSupportedReleaseIsAtLeast sinceRelease;
      m = doRename {
        inherit from to warn;
        visible = false;
        use = lib.trivial.warnIf warn
          "Obsolete option `${showOption from}' is used. It was renamed to `${showOption to}'.";
      };
    in
    m // { _qg = m._qg // { kind = "renamed"; inherit sinceRelease; }; };

  # `from` as a silent, visible alias of `to`.
  mkAliasOptionModule = from: to:
    let m = doRename { inherit from to; visible = true; warn = false; use = lib.trivial.id; };
    in m // { _qg = m._qg // { kind = "alias"; }; };

  # Older name of mkAliasOptionModule.
  mkAliasOptionModuleMD = mkAliasOptionModule;

  # Declares the removed option `path` (invisible, untyped; reading it throws
  # "The option `<path>' can no longer be used since it's been removed.
  # <text>") and a NixOS assertion that fails when it is defined.
  mkRemovedOptionModule = path: text:
    markedModule
      { kind = "removed"; from = path; inherit text; }
      ({ options, ... }:
        {
          options = setAttrByPath path (mkOption {
            visible = false;
            apply = _: throw "The option `${showOption path}' can no longer be used since it's been removed. ${text}";
          });
          config = optionalAttrs (options ? assertions) {
            assertions =
              let opt = getAttrFromPath path options; in
              [{
                assertion = !opt.isDefined;
                message = "The option definition `${showOption path}' in ${showFiles opt.files} no longer has any effect; please remove it.\n${text}\n";
              }];
          };
        });

  # Several old options (`from`, a list of paths, each declared invisible with
  # the default "_mkMergedOptionModule") replaced by `to`, whose definition is
  # `mergeFn config` when any old option is set; a NixOS warning names each
  # one that is set.
  mkMergedOptionModule = from: to: mergeFn:
    markedModule
      { kind = "merged"; inherit from to mergeFn; }
      ({ config, options, ... }:
        let
          isSet = path: getAttrFromPath path config != "_mkMergedOptionModule";
        in
        {
          options = foldl' recursiveUpdate { } (map
            (path: setAttrByPath path (mkOption {
              visible = false;
              default = "_mkMergedOptionModule";
            }))
            from);
          config =
            optionalAttrs (options ? warnings) {
              warnings = map
                (path: "The option `${showOption path}' defined in ${showFiles (getAttrFromPath path options).files} has been changed to `${showOption to}' that has a different type. Please read `${showOption to}' documentation and update your configuration accordingly.")
                (filter isSet from);
            }
            // setAttrByPath to (mkMerge (optional (any isSet from) (mergeFn config)));
        });

  # One old option `from` changed into `to` = `changeFn config`.
  mkChangedOptionModule = from: to: changeFn:
    let m = mkMergedOptionModule [ from ] to changeFn;
    in m // { _qg = m._qg // { kind = "changed"; inherit from; changeFn = changeFn; }; };
}
