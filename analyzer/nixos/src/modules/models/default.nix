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
# `flakeParts` (qg's model of flake-parts' lib, for frameworks built on it).
args:
{
  home-manager = import ./home-manager.nix args;
  haumea = import ./haumea.nix args;
  clan-core = import ./clan.nix args;
  nixos-unified = import ./nixos-unified.nix args;
  lite-config = import ./lite-config.nix args;
  adios-flake = import ./adios-flake.nix args;
}
