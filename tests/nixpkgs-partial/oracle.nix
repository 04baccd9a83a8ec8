# The oracle of tests/nixpkgs-partial: the real Nix (nix-instantiate --eval --json
# --strict) evaluating a host on the partial real nixpkgs as the tree's own flake does
# (`nixpkgs.lib.nixosSystem`, i.e. nixos/lib/eval-config.nix with the tree's real lib),
# and listing every option it declares.
#
# Arguments:
#   nixpkgs  the partial tree (a path)
#   host     the host's module (a path, e.g. the test flake's configuration.nix)
#   only     null: list the options (path, type, defaultText, declarations, flags);
#            a list of indices into that list: the default values of those options
#            (a separate call, so that a default Nix cannot evaluate (a missing package
#            of the stub pkgs, an uncatchable error) spoils only its own batch);
#            "system": the host's `lib` and `config` (config.nix reads them).
#   pkgsNamesFile  null, or a JSON list of package names: each becomes an attribute of
#            the stub pkgs that throws, so that a default reading that package fails
#            catchably (a missing attribute is an error `tryEval` cannot catch).
#
# pkgs is a stub, as qg's is (issue 15): only `lib`, `path`, `formats` (the tree's
# pkgs/pkgs-lib, built with `pkgs = null` as nixpkgs' split option docs build does) and
# `stdenv.hostPlatform`; it replaces misc/nixpkgs.nix's pkgs with mkForce, so no package
# set is imported. Sub-options of submodule types are listed under `<name>` / `*` as
# nixpkgs' `optionAttrSetToDocList` names them, down to a fixed depth.
{
  nixpkgs,
  host,
  only ? null,
  pkgsNamesFile ? null,
}:
let
  root = toString nixpkgs;
  flake = import (nixpkgs + "/flake.nix");
  # The flake's `self` has only `outPath`: a folder given with --override-input has no
  # git revision, so the tree's lib says `versionSuffix = ".19700101.dirty"` (Nix would
  # put the folder's last-modified date in place of 19700101).
  self = flake.outputs { inherit self; } // {
    outPath = nixpkgs;
  };
  lib = self.lib;

  packageNames =
    if pkgsNamesFile == null then [ ] else builtins.fromJSON (builtins.readFile pkgsNamesFile);
  absentPackages = builtins.listToAttrs (
    map (name: {
      inherit name;
      value = throw "pkgs.${name} is not in the oracle's stub pkgs";
    }) packageNames
  );

  pkgsStub = absentPackages // {
    inherit lib;
    path = nixpkgs;
    formats = (import (nixpkgs + "/pkgs/pkgs-lib") { inherit lib; pkgs = null; }).formats;
    stdenv.hostPlatform = lib.systems.elaborate "x86_64-linux";
    stdenv.buildPlatform = lib.systems.elaborate "x86_64-linux";
  };
  stubModule = {
    _file = "qg-oracle-pkgs-stub";
    _module.args.pkgs = lib.mkForce pkgsStub;
  };

  system = lib.nixosSystem {
    modules = [
      host
      stubModule
    ];
  };

  isOption = v: builtins.isAttrs v && (v._type or null) == "option";

  # Options of a subtree, in attribute-name order; each option followed by the options
  # of its type's submodules (`getSubOptions`), `depth` levels deep at most.
  # `sub`: the option comes from a type's getSubOptions, not from the host's own tree.
  walk =
    depth: sub: tree:
    builtins.concatMap (
      name:
      let
        v = tree.${name};
      in
      if isOption v then
        [ { inherit sub; opt = v; } ] ++ subOptions depth v
      else if builtins.isAttrs v && !(v ? _type) then
        walk depth sub v
      else
        [ ]
    ) (builtins.attrNames tree);

  subOptions =
    depth: opt:
    let
      subs = builtins.tryEval (opt.type.getSubOptions opt.loc);
    in
    if depth <= 0 || !subs.success then [ ] else walk (depth - 1) true subs.value;

  entries = walk 6 false system.options;
  options = map (e: e.opt) entries;

  attempt =
    f: default:
    let
      r = builtins.tryEval (builtins.deepSeq (f null) (f null));
    in
    if r.success then r.value else default;

  relative =
    file:
    let
      s = toString file;
      n = builtins.stringLength root;
    in
    if builtins.substring 0 n s == root then "." + builtins.substring n (-1) s else s;

  # A value as JSON data that keeps what JSON cannot say: paths, functions, derivations.
  toData =
    depth: v:
    let
      t = builtins.typeOf v;
    in
    if depth <= 0 then
      { __qg = "too-deep"; }
    else if t == "path" then
      {
        __qg = "path";
        value = toString v;
      }
    else if t == "lambda" || t == "primop" || (t == "set" && v ? __functor) then
      { __qg = "lambda"; }
    else if t == "set" && (v.type or null) == "derivation" then
      { __qg = "derivation"; }
    else if t == "set" then
      builtins.mapAttrs (_: toData (depth - 1)) v
    else if t == "list" then
      map (toData (depth - 1)) v
    else if t == "float" then
      {
        __qg = "float";
        value = v;
      }
    else
      v;

  describe =
    { opt, sub }:
    {
    inherit sub;
    path = lib.showOption opt.loc;
    loc = opt.loc;
    type = attempt (_: opt.type.description) { __qg = "unknown"; };
    hasDefault = opt ? default;
    defaultText = attempt (
      _:
      if opt ? defaultText then
        (if builtins.isAttrs opt.defaultText then opt.defaultText.text else toString opt.defaultText)
      else
        null
    ) { __qg = "unknown"; };
    declarations = attempt (_: map relative opt.declarations) [ ];
    internal = attempt (_: opt.internal or false) false;
    visible = attempt (_: opt.visible or true) true;
    readOnly = attempt (_: opt.readOnly or false) false;
  };

  defaultOf =
    opt:
    if opt ? default then
      attempt (_: toData 40 opt.default) { __qg = "unknown"; }
    else
      { __qg = "none"; };
in
if only == "system" then
  # For config.nix: the evaluated host itself.
  {
    inherit lib;
    inherit (system) config;
  }
else if only == null then
  map describe entries
else
  # The context names the option in Nix's trace (--show-trace), so that the driver can
  # set aside the option whose default failed without splitting the batch.
  map (
    i: builtins.addErrorContext "qg-oracle-option ${toString i}" (defaultOf (builtins.elemAt options i))
  ) only
