# The module system: evalModules, the properties (mkIf, mkMerge, mkOverride,
# mkOrder), and the modules that rename and remove options. A smaller
# module system than nixpkgs' with the same semantics for what the
# miniature's modules use: imports (breadth first, by key), disabledModules,
# module arguments from `_module.args`, declarations merged by type, pushed
# down properties, priorities and orders, types' checks and merges, unknown
# definitions refused while `_module.check` holds. No freeformType.
{ lib }:
let
  inherit (builtins) attrNames isAttrs isFunction isList isString isPath length head tail filter map concatLists elem any all sort getAttr hasAttr mapAttrs removeAttrs toString functionArgs;
  inherit (lib.attrsets) zipAttrsWith attrByPath setAttrByPath getAttrFromPath optionalAttrs mapAttrsToList filterAttrs;
  inherit (lib.options) mkOption showOption showFiles showDefs;
  inherit (lib.lists) optional concatMap foldl';

  # The keys a module set may have besides `config` and `options`.
  moduleKeys = [ "_class" "_file" "key" "disabledModules" "imports" "require" "options" "config" "meta" "freeformType" ];
  # Keys of a shorthand module that are not configuration.
  notConfig = [ "_class" "_file" "key" "disabledModules" "imports" "require" "freeformType" ];
in
rec {
  ## Properties

  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  defaultOverridePriority = 100;
  defaultOrderPriority = 1000;
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkImageMediaOverride = mkOverride 60;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;

  mkAliasIfDef = option: mkIf (lib.options.isOption option && option.isDefined);
  mkAliasAndWrapDefinitions = wrap: option: mkAliasIfDef option (wrap (mkMerge option.definitions));
  mkAliasAndWrapDefsWithPriority = wrap: option:
    let prio = option.highestPrio or defaultOverridePriority; in
    mkAliasIfDef option (wrap (mkMerge (map (mkOverride prio) option.definitions)));
  mkAliasDefinitions = mkAliasAndWrapDefinitions (x: x);

  setDefaultModuleLocation = file: m: { _file = file; imports = [ m ]; };

  ## Evaluation

  evalModules = { modules, prefix ? [ ], specialArgs ? { }, class ? null }@evalArgs:
    let
      # The options every evaluation has.
      builtinModule = {
        _file = "lib/modules.nix";
        key = "lib/modules.nix";
        options._module.args = mkOption {
          type = lib.types.lazyAttrsOf lib.types.raw;
          internal = prefix != [ ];
          description = "Arguments passed to each module.";
        };
        options._module.check = mkOption {
          type = lib.types.bool;
          internal = true;
          default = true;
          description = "Whether to check whether all option definitions have matching declarations.";
        };
        options._module.freeformType = mkOption {
          type = lib.types.nullOr lib.types.optionType;
          internal = true;
          default = null;
          description = "Not supported by this module system.";
        };
        config._module.args = { inherit extendModules; };
      };

      extendModules = { modules ? [ ], specialArgs ? { }, prefix ? [ ] }:
        evalModules (evalArgs // {
          modules = evalArgs.modules ++ modules;
          specialArgs = (evalArgs.specialArgs or { }) // specialArgs;
          prefix = if prefix == [ ] then evalArgs.prefix or [ ] else prefix;
        });

      baseArgs = { inherit lib options config specialArgs; _class = class; _prefix = prefix; } // specialArgs;

      # A function module called with its arguments: those of every module, and any
      # other formal from `config._module.args`.
      callModule = f:
        let
          wanted = removeAttrs (lib.trivial.functionArgs f) (attrNames baseArgs);
          fromConfig = mapAttrs (name: _:
            config._module.args.${name} or (throw "attribute '${name}' missing")) wanted;
        in
        f (baseArgs // fromConfig);

      # One module as a set { key; file; disabled; imports; options; config; parents }.
      load = file: key: parents: m:
        if isPath m || (isString m && lib.strings.hasPrefix "/" m) then
          let imported = import m; path = toString m; in
          loadValue path path parents (if isFunction imported then callModule imported else imported)
        else if isFunction m then loadValue file key parents (callModule m)
        else loadValue file key parents m;

      loadValue = file: key: parents: m:
        if !isAttrs m then throw "module ${file} (${key}) does not look like a module."
        else if (m._type or null) == "if" || (m._type or null) == "override" || (m._type or null) == "merge"
        then loadValue file key parents { config = m; }
        else
          let
            explicit = m ? config || m ? options;
            bad = filter (n: !(elem n moduleKeys)) (attrNames m);
            file' = toString (m._file or file);
            key' = toString (m.key or key);
          in
          if explicit && bad != [ ] then
            throw "Module `${key'}' has an unsupported attribute `${head bad}'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${toString bad}) into the explicit `config' attribute."
          else {
            key = key';
            file = file';
            inherit parents;
            disabled = m.disabledModules or [ ];
            imports = (m.imports or [ ]) ++ (m.require or [ ]);
            options = m.options or { };
            config = if explicit then m.config or { } else removeAttrs m notConfig;
          };

      # Breadth first, the first module of a key kept.
      loaded = builtins.genericClosure {
        startSet = lib.lists.imap1 (n: m: load "<unknown-file>" ":anon-${toString n}" [ ] m)
          ([ builtinModule ] ++ modules);
        operator = parent: lib.lists.imap1 (n: m:
          load parent.file "${parent.key}:anon-${toString n}" (parent.parents ++ [ parent.key ]) m)
          parent.imports;
      };
      disabledKeys = concatMap (m: map (d:
        if isAttrs d then toString d.key
        else if isString d && !(lib.strings.hasPrefix "/" d) then "${toString specialArgs.modulesPath}/${d}"
        else toString d) m.disabled) loaded;
      collected = filter (m: !(any (k: elem k disabledKeys) (m.parents ++ [ m.key ]))) loaded;

      # Later modules first, as NixOS merges them.
      ordered = lib.lists.reverseList collected;
      merged = mergeLevel prefix
        (map (m: { inherit (m) file; value = m.options; }) collected)
        (map (m: { inherit (m) file; value = m.config; }) ordered);

      unmatched = merged.unmatched;
      checked =
        if config._module.check && unmatched != [ ] then
          let first = head unmatched; in
          throw "The option `${showOption first.loc}' does not exist. Definition values:${showDefs [ (head first.defs) ]}"
        else true;

      # What modules read; the result's `config` has no `_module` and is checked.
      options = merged.options;
      config = merged.config;
    in
    {
      _type = "configuration";
      inherit options extendModules class;
      config = builtins.seq checked (removeAttrs merged.config [ "_module" ]);
      _module = merged.config._module;
      type = lib.types.submoduleWith { inherit modules specialArgs class; };
    };

  # The properties of a definition at a namespace pushed down to its attributes.
  pushDown = v:
    let t = v._type or ""; in
    if t == "merge" then concatMap pushDown v.contents
    else if t == "if" then map (mapAttrs (_: mkIf v.condition)) (pushDown v.content)
    else if t == "override" then map (mapAttrs (_: mkOverride v.priority)) (pushDown v.content)
    else [ v ];

  # Declarations and definitions (lists of { file; value; }) of the namespace at `loc`.
  mergeLevel = loc: decls: defs:
    let
      pushed = concatMap (d: map (value: { inherit (d) file; inherit value; })
        (pushDown d.value)) defs;
      defsByName = zipAttrsWith (_: concatLists)
        (map (d: mapAttrs (_: v: [ { inherit (d) file; value = v; } ]) d.value) pushed);
      declsByName = zipAttrsWith (_: x: x)
        (map (d: mapAttrs (_: v: { inherit (d) file; value = v; }) d.value) decls);
      isDecl = d: lib.options.isOption d.value;
      children = mapAttrs (name: ds:
        let
          l = loc ++ [ name ];
          ddefs = defsByName.${name} or [ ];
        in
        if any isDecl ds then { option = evalOption l (filter isDecl ds) ddefs; }
        else { level = mergeLevel l ds ddefs; }) declsByName;
      undeclared = filter (n: !(hasAttr n declsByName)) (attrNames defsByName);
    in
    {
      options = mapAttrs (_: c: c.option or c.level.options) children;
      config = mapAttrs (_: c: if c ? option then c.option.value else c.level.config) children;
      unmatched = map (n: { loc = loc ++ [ n ]; defs = defsByName.${n}; }) undeclared
        ++ concatLists (mapAttrsToList (_: c: c.level.unmatched or [ ]) children);
    };

  # Several declarations of one option as one.
  mergeOptionDecls = loc: decls:
    foldl' (acc: d:
      let
        o = d.value;
        clash = lib.lists.findFirst (k: o ? ${k} && acc ? ${k}) null [ "default" "apply" "description" "example" ];
        type =
          if !(o ? type) then acc.type or null
          else if acc.type or null == null then o.type
          else
            let m = acc.type.typeMerge o.type.functor; in
            if m == null then throw "The option `${showOption loc}' in `${d.file}' is already declared in ${showFiles acc.declarations}."
            else m;
      in
      if clash != null then throw "The option `${showOption loc}' in `${d.file}' is already declared in ${showFiles acc.declarations}."
      else acc // o // { inherit type; declarations = acc.declarations ++ [ d.file ]; })
      { declarations = [ ]; } decls;

  evalOption = loc: decls: defs:
    let
      opt = mergeOptionDecls loc decls;
      type = if opt.type or null == null then lib.types.unspecified else opt.type;
      withDefault = defs ++ optional (opt ? default) { file = head opt.declarations; value = mkOptionDefault opt.default; };
      res =
        if opt.readOnly or false == true && length withDefault > 1 then
          throw "The option `${showOption loc}' is read-only, but it's set multiple times. Definition values:${showDefs withDefault}"
        else mergeDefinitions loc type withDefault;
    in
    opt // {
      _type = "option";
      inherit loc type;
      value = if opt.apply or null != null then opt.apply res.mergedValue else res.mergedValue;
      inherit (res) isDefined highestPrio;
      definitions = map (d: d.value) res.defsFinal;
      files = map (d: d.file) res.defsFinal;
    };

  # mkMerge flattened, mkIf decided: a list of plain values (with override/order kept).
  discharge = v:
    let t = v._type or ""; in
    if t == "merge" then concatMap discharge v.contents
    else if t == "if" then
      (if v.condition == true then discharge v.content
       else if v.condition == false then [ ]
       else throw "‘mkIf’ called with a non-Boolean condition")
    else if t == "override" then map (mkOverride v.priority) (discharge v.content)
    else if t == "order" then map (mkOrder v.priority) (discharge v.content)
    else [ v ];

  mergeDefinitions = loc: type: defs:
    let
      discharged = concatMap (d: map (value: { inherit (d) file; inherit value; }) (discharge d.value)) defs;
      prio = d: if (d.value._type or "") == "override" then d.value.priority else defaultOverridePriority;
      highestPrio = foldl' (p: d: lib.trivial.min p (prio d)) 9999 discharged;
      strip = d: if (d.value._type or "") == "override" then d // { value = d.value.content; } else d;
      winning = map strip (filter (d: prio d == highestPrio) discharged);
      order = d: if (d.value._type or "") == "order" then d.value.priority else defaultOrderPriority;
      unorder = d: if (d.value._type or "") == "order" then d // { value = d.value.content; } else d;
      defsFinal = map unorder (sort (a: b: order a < order b) winning);
      isDefined = defsFinal != [ ];
      wrong = filter (d: !(type.check d.value)) defsFinal;
      mergedValue =
        if isDefined then
          (if wrong == [ ] then type.merge loc defsFinal
           else throw "A definition for option `${showOption loc}' is not of type `${type.description}'. Definition values:${showDefs wrong}")
        else if type.emptyValue ? value then type.emptyValue.value
        else throw "The option `${showOption loc}' was accessed but has no value defined. Try setting the option.";
    in
    {
      inherit defsFinal isDefined mergedValue highestPrio;
      optionalValue = if isDefined then { value = mergedValue; } else { };
    };

  ## Renamed and removed options

  # `from` is an alias of `to`: its definitions move there, with a warning
  # when `warn`, and reading it gives `use` of the value of `to`.
  doRename = { from, to, visible, warn, use, withPriority ? true }:
    { config, options, ... }:
    let
      fromOpt = getAttrFromPath from options;
      toOpt = attrByPath to null options;
      toValue = attrByPath to (abort "Renaming error: option `${showOption to}' does not exist.") config;
    in
    {
      options = setAttrByPath from (mkOption ({
        inherit visible;
        description = "Alias of {option}`${showOption to}`.";
        apply = _: use toValue;
      } // optionalAttrs (toOpt != null && toOpt ? type) { type = toOpt.type; }));
      config = mkMerge [
        (optionalAttrs (options ? warnings) {
          warnings = optional (warn && fromOpt.isDefined)
            "The option `${showOption from}' defined in ${showFiles fromOpt.files} has been renamed to `${showOption to}'.";
        })
        ((if withPriority then mkAliasAndWrapDefsWithPriority else mkAliasAndWrapDefinitions) (setAttrByPath to) fromOpt)
      ];
    };

  mkRenamedOptionModule = from: to: doRename {
    inherit from to;
    visible = false;
    warn = true;
    use = builtins.trace "Obsolete option `${showOption from}' is used. It was renamed to `${showOption to}'.";
  };

  mkAliasOptionModule = from: to: doRename {
    inherit from to;
    visible = true;
    warn = false;
    use = x: x;
  };

  mkRemovedOptionModule = optionName: replacementInstructions:
    { options, ... }:
    {
      options = setAttrByPath optionName (mkOption {
        visible = false;
        apply = _: throw "The option `${showOption optionName}' can no longer be used since it's been removed. ${replacementInstructions}";
      });
      config.assertions =
        let opt = getAttrFromPath optionName options; in
        [ {
          assertion = !opt.isDefined;
          message = ''
            The option definition `${showOption optionName}' in ${showFiles opt.files} no longer has any effect; please remove it.
            ${replacementInstructions}
          '';
        } ];
    };
}
