# colmena's hive: a set whose attributes are the deployment's nodes, each a NixOS module,
# besides `meta` (or the older `network`) and `defaults`, the module every node imports.
# A hive is read from a flake's `colmena` output and from `hive.nix` at the flake root
# (colmena's entry point without flakes); `flake.rs` calls `hosts` on it.
#
# Each node is `nixosSystem` of: a module declaring colmena's `deployment` options (an
# open set here: what colmena does with it is not a host's configuration), `defaults`,
# and the node's module; with the special arguments colmena gives, `name` (the node's)
# and `nodes` (every node's system), then `meta.specialArgs` and
# `meta.nodeSpecialArgs.<node>`. `meta.nixpkgs` and `meta.nodeNixpkgs` choose the
# nixpkgs a node is evaluated with: qg's lib stands for it, as for a flake's nixpkgs that
# is not on disk.
{ lib, isKnown, openSet, knows, knownNames, get, ... }:
let
  inherit (builtins) filter elem isAttrs;

  known = v: isKnown v && isAttrs v;

  reserved = [ "meta" "network" "defaults" ];

  deploymentOptions = {
    options.deployment = lib.mkOption {
      type = lib.types.attrsOf lib.types.anything;
      default = { };
      apply = openSet "colmena's deployment options";
      description = "How colmena deploys the node (its own options, not the host's).";
    };
  };

  hosts = hive:
    let
      meta = get "meta" (get "network" { } hive) hive;
      given = name: set: let v = get name { } set; in if known v then v else { };
      nodeSpecialArgs = given "nodeSpecialArgs" meta;
      names = filter (n: !(elem n reserved)) (knownNames hive);
      defaults = if knows "defaults" hive then [ hive.defaults ] else [ ];
      host = name: lib.nixosSystem {
        specialArgs = { inherit name nodes; }
          // given "specialArgs" meta
          // given name nodeSpecialArgs;
        modules = [ deploymentOptions ] ++ defaults ++ [ hive.${name} ];
      };
      nodes = lib.genAttrs names host;
    in
    if known hive then nodes else { };
in
{
  inherit hosts;
}
