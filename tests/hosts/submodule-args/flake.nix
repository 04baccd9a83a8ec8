# A submodule whose modules pass a whole library (recursive, like disko's lib) through
# `_module.args`, and an option renamed into a submodule's value (as home-manager's
# `programs.gh.gitProtocol` to `programs.gh.settings.git_protocol`).
{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }: {
    nixosConfigurations.store = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./hosts/disks.nix ./hosts/tool.nix ./hosts/store.nix ];
    };
  };
}
