# A framework input written for the tests: fetched by its hash (hosts/hive-pinned), it
# gives the NixOS modules every node imports.
{
  nixosModules = [ ./banner.nix ];
}
