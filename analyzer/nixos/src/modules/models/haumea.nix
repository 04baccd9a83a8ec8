# haumea's `lib.load { src; inputs; loader; transformer; }`: a folder becomes a set, each
# sub-folder a nested set and each `.nix` file an attribute named without `.nix`, whose
# value the loader makes. Names starting with `_` are private (left out). The default
# loader imports the file and, when it is a function, calls it with the arguments it names,
# each taken lazily from `inputs` plus `self` (the file's value), `super` (its folder's
# set) and `root` (the whole tree): an argument that is named but not given fails only
# when it is used. Transformers are applied to each folder's set, innermost first.
# Other entry points (`loadEvalTests`...) are unknown.
{ lib, unknown, ... }:
let
  inherit (builtins) attrNames concatMap filter foldl' functionArgs isFunction isList
    listToAttrs match readDir substring;

  callWith = inputs: f:
    let formals = functionArgs f; in
    f (listToAttrs (map
      (n: { name = n; value = inputs.${n} or (throw "haumea: argument `${n}` is not given"); })
      (filter (n: inputs ? ${n} || !formals.${n}) (attrNames formals))));

  loaders = {
    default = inputs: path: let v = import path; in if isFunction v then callWith inputs v else v;
    verbatim = _: path: import path;
    path = _: path: path;
    callPackage = unknown "input haumea (loaders.callPackage)";
    scoped = unknown "input haumea (loaders.scoped)";
  };

  transformers = {
    liftDefault = _: mod: if mod ? default then builtins.removeAttrs mod [ "default" ] // mod.default else mod;
    hoistAttrs = unknown "input haumea (transformers.hoistAttrs)";
    hoistLists = unknown "input haumea (transformers.hoistLists)";
  };

  load = { src, loader ? loaders.default, inputs ? { }, transformer ? [ ] }:
    let
      steps = if isList transformer then transformer else [ transformer ];
      folder = cursor: dir:
        let
          entries = readDir dir;
          public = filter (n: substring 0 1 n != "_") (attrNames entries);
          item = n:
            let
              type = entries.${n};
              path = dir + "/${n}";
              stem = match "(.*)\\.nix" n;
            in
            if type == "directory" then [{ name = n; value = folder (cursor ++ [ n ]) path; }]
            else if stem != null then
              let value = loader (inputs // { self = value; super = set; root = tree; }) path;
              in [{ name = builtins.head stem; inherit value; }]
            else [ ];
          raw = listToAttrs (concatMap item public);
          set = foldl' (acc: t: t cursor acc) raw steps;
        in
        set;
      tree = folder [ ] src;
    in
    tree;
in
{
  lib = {
    inherit load loaders transformers;
    loadEvalTests = _: unknown "input haumea (loadEvalTests)";
    matchers = unknown "input haumea (matchers)";
  };
}
