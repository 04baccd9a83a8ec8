# qg's model of flake-parts' `lib.mkFlake`, used when the flake-parts input is not on disk
# (written from flake-parts' documented behaviour; no flake-parts code).
#
# `mkFlake { inputs, ... } module` evaluates a small module system whose modules set
# `flake` (the flake's outputs, merged), `systems`, `perSystem` and `imports`, and returns
# the merged `flake` set. Enough to find the hosts a flake-parts flake defines
# (`flake.nixosConfigurations`, however many modules write it); `perSystem` outputs are
# not modelled (they hold packages and shells, not hosts).
#
# Module arguments: `self`, `inputs`, `lib`, `config` (`config.flake`, `config.systems`, and
# every other option merged the same way),
# `options`, `flake-parts-lib`, `withSystem`, `moduleWithSystem`, `getSystem`, `specialArgs`,
# plus `_module.args` the modules set. What the model does not know is left unknown by the
# caller's inputs (for instance `pkgs`, which only `perSystem` receives).
#
# The model declares no option, so the sets it merges are open (`openSet`, given by qg:
# their missing names are unknown): a module qg cannot see (a framework's, from an input)
# may declare them with defaults the definitions lack. The outputs flake-parts itself
# declares (`nixosConfigurations`, `nixosModules`, `packages`...) stay as defined.
#
# `isKnown` (given by qg) tells a value qg cannot know (an import from an input that is not
# on disk) from a known one: such modules and values are skipped, so the flake's own
# modules still give their hosts. `knows name set` (given by qg) tells whether a set is known
# to have an attribute (`?` on an open set is unknown for the names it does not list).
{ lib, isKnown, openSet, knows }:
let
  inherit (builtins) isAttrs isFunction isList isPath isString functionArgs;

  # A module's value once loaded: paths are imported, functions called with the fixed
  # arguments and, for each other argument they name, `_module.args`. The set's names come
  # from the function alone, so loading a module does not force `_module.args` (which the
  # modules themselves define).
  load = args: key: m:
    let
      value = if isPath m || isString m then import m else m;
      named = f: builtins.mapAttrs
        (name: _: args.fixed.${name} or args.moduleArgs.${name} or (throw "flake-parts module argument '${name}' is not known"))
        (functionArgs f);
      called = if isFunction value then value (args.fixed // named value) else value;
      file = if isPath m || isString m then toString m else key;
    in
    { inherit file; value = called; };

  # The module's structured form: `imports`, `config` (shorthand modules are all config).
  structure = v:
    let structured = v ? config || v ? options; in
    {
      imports = v.imports or [ ];
      config =
        if structured then v.config or { }
        else removeAttrs v [ "imports" "_file" "key" "disabledModules" "_class" "meta" ];
    };

  # Every module reachable through `imports`, each loaded once (paths by their text), and
  # whether some module could not be seen (`unseen`): an import qg cannot know, a module
  # whose value is unknown, an `imports` list qg cannot know.
  collect = args: modules:
    let
      step = seen: todo:
        if todo == [ ] then seen
        else
          let
            m = builtins.head todo;
            rest = builtins.tail todo;
            key = if isPath m || isString m then toString m else null;
          in
          if !(isKnown m) then step (seen // { unseen = true; }) rest
          else if key != null && seen.keys ? ${key} then step seen rest
          else
            let
              loaded = load args (if key != null then key else "<inline module>") m;
              readable = isKnown loaded.value && isAttrs loaded.value;
              s = if readable then structure loaded.value
                else { imports = [ ]; config = { }; };
              # An `imports` list qg cannot know (`++ optional (input ? x) ...` with the
              # input not on disk) is left out, not the modules already collected.
              knownImports = isKnown s.imports && isList s.imports;
              imports = if knownImports then s.imports else [ ];
              seen' = {
                keys = seen.keys // (if key != null then { ${key} = true; } else { });
                modules = seen.modules ++ [ { inherit (loaded) file; inherit (s) config; } ];
                unseen = seen.unseen || !readable || !knownImports;
              };
            in
            step seen' (imports ++ rest);
    in
    step { keys = { }; modules = [ ]; unseen = false; } modules;

  # Definitions with the module system's properties discharged where they are plain:
  # `mkIf` keeps its content when the condition holds, `mkMerge` flattens, priorities are
  # dropped (several writers of one leaf are rare in flake outputs; the last one wins).
  discharge = v:
    if !(isKnown v) then { }
    else if isAttrs v && knows "_type" v then
      if v._type == "if" then (if isKnown v.condition && v.condition then discharge v.content else { })
      else if v._type == "merge" then mergeAll (map discharge v.contents)
      else if v._type == "override" || v._type == "order" then discharge v.content
      else v
    else v;

  mergeTwo = a: b:
    if !(isKnown b) then a
    else if !(isKnown a) then b
    else if isAttrs a && isAttrs b && !(knows "_type" a) && !(knows "_type" b) && !(knows "outPath" a) && !(knows "outPath" b) then
      a // builtins.mapAttrs (n: bv: if knows n a then mergeTwo a.${n} bv else bv) b
    else if isList a && isList b then a ++ b
    else b;

  mergeAll = builtins.foldl' mergeTwo { };

  standardOutputs = [
    "apps" "checks" "darwinConfigurations" "darwinModules" "devShells" "flakeModule"
    "flakeModules" "formatter" "homeConfigurations" "homeManagerModules" "homeModules"
    "legacyPackages" "lib" "nixosConfigurations" "nixosModules" "overlays" "packages"
    "templates"
  ];

  opened = v:
    if isKnown v && isAttrs v && !(knows "_type" v) && !(knows "outPath" v)
    then openSet "an option declared by a flake-parts module qg cannot see" (builtins.mapAttrs (_: opened) v)
    else v;

  openOutputs = flake:
    if isAttrs flake
    then builtins.mapAttrs (n: v: if builtins.elem n standardOutputs then v else opened v) flake
    else flake;

  # The deferred per-system modules are kept, not evaluated.
  flakePartsLib = {
    mkPerSystemOption = module: lib.mkOption { type = lib.types.deferredModule or lib.types.unspecified; default = { }; };
    mkTransposedPerSystemModule = _: { };
    importApply = modulePath: staticArgs: lib.setDefaultModuleLocation modulePath (import modulePath staticArgs);
  };

  mkFlake = specialArgs: root:
    let
      # `flake` is a submodule (freeform): a definition may be a module function, called
      # with the flake's own `config`, `lib` and `options`.
      flakeDefinition = v:
        if isKnown v && isFunction v then
          let
            given = args.fixed // { config = flake; inherit lib; options = { }; };
            called = v (builtins.mapAttrs
              (name: _: given.${name} or args.moduleArgs.${name} or (throw "flake-parts flake module argument '${name}' is not known"))
              (functionArgs v));
          in
          if isKnown called && isAttrs called && (called ? config || called ? options)
          then called.config or { }
          else called
        else v;
      merged = openOutputs (mergeAll (map (m: discharge (flakeDefinition (m.config.flake or { }))) modules));
      # A module qg could not see may define any output.
      flake =
        if collected.unseen
        then openSet "an output of a flake-parts module qg cannot see" merged
        else merged;
      inputs = specialArgs.inputs or { };
      self = specialArgs.self or inputs.self or { };
      # Every other option the modules set (`clan`, `lite-config`... which the modules of
      # frameworks built on flake-parts read), merged as `flake` is, each one lazily.
      names = builtins.concatMap
        (m: if isAttrs m.config && !(m.config ? _type) then builtins.attrNames m.config else [ ])
        modules;
      others = builtins.listToAttrs (map
        (name: { inherit name; value = opened (mergeAll (map (m: discharge m.config.${name}) (builtins.filter (m: isAttrs m.config && m.config ? ${name}) modules))); })
        names);
      config = others // {
        inherit flake;
        systems = builtins.foldl' (acc: m: acc ++ (let s = discharge (m.config.systems or [ ]); in if isList s then s else [ ])) [ ] modules;
        _module.args = mergeAll (map (m: discharge ((m.config._module or { }).args or { })) modules);
      };
      args = {
        moduleArgs = config._module.args;
        fixed = (removeAttrs specialArgs [ "inputs" "self" ]) // {
          inherit inputs self lib config specialArgs;
          options = { };
          flake-parts-lib = flakePartsLib;
          withSystem = system: f: f (config._module.args // { inherit system; });
          moduleWithSystem = f: f;
          getSystem = system: { inherit system; };
        };
      };
      collected = collect args [ root ];
      inherit (collected) modules;
    in
    config.flake;
in
{
  inherit mkFlake;
  lib = flakePartsLib // { inherit mkFlake; };
}
