# A fleet that fetches nixpkgs itself (pinned by hash, with no flake input) and builds its
# hosts with nixpkgs' own entry points: `nixos/lib/eval-config.nix` (through `pkgs.path`)
# and `lib.nixosSystem`.
# The tree is not in the store: qg's model of nixpkgs stands for it.
{
  outputs = _:
    let
      nixpkgs = builtins.fetchTarball {
        url = "https://github.com/NixOS/nixpkgs/archive/0123456789abcdef0123456789abcdef01234567.tar.gz";
        sha256 = "0000000000000000000000000000000000000000000000000000";
      };
      pkgs = import nixpkgs { system = "x86_64-linux"; };
      lib = import "${nixpkgs}/lib";
    in
    {
      nixosConfigurations.box = import "${pkgs.path}/nixos/lib/eval-config.nix" {
        system = "x86_64-linux";
        specialArgs = { inherit pkgs; };
        modules = [ ./hosts/common.nix ./hosts/box.nix ];
      };
      nixosConfigurations.crate = lib.nixosSystem {
        modules = [
          ./hosts/common.nix
          ./hosts/crate.nix
          "${nixpkgs}/nixos/modules/profiles/minimal.nix"
        ];
      };
    };
}
