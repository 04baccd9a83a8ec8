# qg's models of flake inputs that are not on disk (CI machines have no Nix store):
# for each kind of input qg recognises (`flake.rs` picks the kind from the input's URL,
# else its name), the attributes that input provides. Every other attribute of the input
# stays unknown. Each model is written from the project's documented interface, in qg's
# own words; no code of those projects is copied.
#
# Arguments (given by qg): `lib` (qg's lib), `isKnown v` (false for a value qg cannot
# know), `unknown reason` / `unknownFile reason` (a value, or a module file, qg cannot
# know, saying why), `openSet reason set` (the set, whose missing names are unknown),
# `knows name set` and `knownNames set` (what an open set lists, known), and
# `flakeParts` (qg's model of flake-parts' lib, for frameworks built on it); and, made
# here, `get name default set`: an attribute the set is known to have (sets from
# flake-parts' options are open: their missing names are unknown), else the default.
#
# `onDisk.<kind>`: for an input that *is* on disk (read for real), a function of its real
# value giving the value the flake sees: the framework's entry points that run a module
# system of their own (flake-parts modules, `evalModules`) are the model's, because qg runs
# no module system at flake level, as for flake-parts' `mkFlake` itself; every other
# attribute (its `nixosModules`, packages, lib functions) is the real one. A kind without
# an entry is read for real entirely (haumea is plain functions).
given:
let
  args = given // {
    get = name: default: set: if given.knows name set then set.${name} else default;
  };
  # home-manager's file gives both its model and its `onDisk` entry.
  homeManager = import ./home-manager.nix args;
  models = {
    home-manager = homeManager.model;
    haumea = import ./haumea.nix args;
    clan-core = import ./clan.nix args;
    nixos-unified = import ./nixos-unified.nix args;
    lite-config = import ./lite-config.nix args;
    adios-flake = import ./adios-flake.nix args;
    # Not an input: the hosts of a colmena hive (a `colmena` output, `hive.nix`).
    colmena = import ./colmena.nix args;
  };

  # The real set with some of its attributes replaced, each kept open as the real one is.
  over = real: name: replaced:
    if args.knows name real && args.isKnown real.${name} && builtins.isAttrs real.${name}
    then real.${name} // replaced
    else replaced;
in
models // {
  onDisk = {
    home-manager = homeManager.onDisk;
    clan-core = real: real // {
      lib = over real "lib" { inherit (models.clan-core.lib) clan buildClan; };
      flakeModules = over real "flakeModules" { inherit (models.clan-core.flakeModules) default clan; };
      flakeModule = models.clan-core.flakeModule;
    };
    nixos-unified = real: real // {
      lib = over real "lib" { inherit (models.nixos-unified.lib) mkFlake; };
      flakeModules = over real "flakeModules" { inherit (models.nixos-unified.flakeModules) default; };
      flakeModule = models.nixos-unified.flakeModule;
    };
    lite-config = real: real // {
      flakeModules = over real "flakeModules" { inherit (models.lite-config.flakeModules) default; };
      flakeModule = models.lite-config.flakeModule;
    };
    adios-flake = real: real // {
      lib = over real "lib" { inherit (models.adios-flake.lib) mkFlake; };
    };
  };
}
