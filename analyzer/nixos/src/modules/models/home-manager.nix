# home-manager's flake `lib`: `hm` (its extension of lib) and `homeManagerConfiguration`
# (a home configuration, not a NixOS host). Their names are known, so
# `nixpkgs.lib // home-manager.lib` keeps nixpkgs' lib; their values are not.
#
# `onDisk`: with home-manager's tree on disk, `homeManagerConfiguration` records its
# argument and the tree (as qg's `nixosSystem` does): qg evaluates the configuration
# itself, with the tree's modules (`modules/home.rs`), as an entry of
# `homeConfigurations`. Everything else of the input is the real one.
{ unknown, get, ... }:
{
  model.lib = {
    hm = unknown "input home-manager (lib.hm)";
    homeManagerConfiguration = _: unknown "input home-manager (homeManagerConfiguration)";
  };

  onDisk = real: real // {
    lib = get "lib" { } real // {
      homeManagerConfiguration = args: {
        _qgHomeConfiguration = args;
        _qgHomeManager = real.outPath;
      };
    };
  };
}
