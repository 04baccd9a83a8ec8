# An installer image: a NixOS module read from the nixpkgs input's files, as from
# modulesPath. It declares its own options, so the host stays complete.
{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }: {
    nixosConfigurations.iso = nixpkgs.lib.nixosSystem {
      modules = [
        (nixpkgs + "/nixos/modules/installer/cd-dvd/installation-cd-minimal.nix")
        ./iso.nix
      ];
    };
  };
}
