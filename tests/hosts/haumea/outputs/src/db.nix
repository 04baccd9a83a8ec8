# The database server.
{ inputs, ... }:
{
  nixosConfigurations.db = inputs.nixpkgs.lib.nixosSystem {
    modules = [ ../../hosts/db.nix ];
  };
}
