# clan-core: `lib.clan { self; directory; meta; inventory; machines; specialArgs; ... }`
# (and the older `lib.buildClan`), and `flakeModules.default`, the flake-parts module that
# reads the option `clan` (or `flake.clan`) and sets the flake's outputs from it.
#
# The machines are the names of `inventory.machines`, of `machines`, and every folder under
# `<directory>/machines/` (the directory defaults to `self`); a machine whose inventory
# `machineClass` is "darwin" is not a NixOS host. Each NixOS machine is `nixosSystem` of:
# its `machines/<name>/configuration.nix` and `disko.nix` when they exist, `machines.<name>`,
# and clan-core's own modules with the inventory's services, which qg cannot see (so the
# host is incomplete: those services set the host's options).
{ lib, isKnown, unknown, unknownFile, openSet, knows, knownNames, get, ... }:
let
  inherit (builtins) filter isAttrs pathExists readDir;

  known = v: isKnown v && isAttrs v;

  clan = args:
    let
      self = get "self" null args;
      directory = get "directory" self args;
      inventory = get "inventory" { } args;
      machines = get "machines" { } args;
      specialArgs = get "specialArgs" { } args;
      inv = if known inventory then inventory else { };
      invMachines = let m = get "machines" { } inv; in if known m then m else { };
      given = if known machines then machines else { };
      root = if directory == null then null else toString directory;
      folders =
        if root != null && pathExists "${root}/machines"
        then lib.filterAttrs (_: type: type == "directory") (readDir "${root}/machines")
        else { };
      isDarwin = name: get "machineClass" "nixos" (get name { } invMachines) == "darwin";
      names = filter (n: !isDarwin n) (knownNames (invMachines // folders // given));
      fileOf = name: file:
        let p = "${root}/machines/${name}/${file}"; in
        if root != null && pathExists p then [ p ] else [ ];
      # clan-core gives each machine `clan-core` and `self` (its `specialArgs` option
      # defaults `self` to the flake), then the user's specialArgs.
      clanArgs = { clan-core = unknown "input clan-core"; }
        // (if self == null then { } else { inherit self; });
      hostArgs =
        if known specialArgs then clanArgs // specialArgs
        else openSet "specialArgs given to clan" clanArgs;
      host = name: lib.nixosSystem {
        specialArgs = hostArgs;
        modules =
          fileOf name "configuration.nix"
          ++ fileOf name "disko.nix"
          ++ (if knows name given then [ given.${name} ] else [ ])
          ++ [
            (unknownFile "input clan-core (its modules and the inventory's services)")
            { networking.hostName = lib.mkDefault name; }
          ];
      };
      outputs = openSet "input clan-core" {
        nixosConfigurations = lib.genAttrs names host;
        darwinConfigurations = unknown "input clan-core (darwinConfigurations)";
        clanInternals = unknown "input clan-core (clanInternals)";
      };
    in
    outputs // { config = outputs // { inherit inventory; }; };

  flakeModule = { config, self, ... }:
    let
      settings = get "clan" { } config.flake // get "clan" { } config;
      made = clan ({ inherit self; } // settings);
    in
    {
      flake = {
        inherit (made) nixosConfigurations darwinConfigurations clanInternals;
      };
    };
in
{
  lib = openSet "input clan-core" { inherit clan; buildClan = clan; };
  flakeModules = openSet "input clan-core" { default = flakeModule; clan = flakeModule; };
  flakeModule = flakeModule;
}
