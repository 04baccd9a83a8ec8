{ lib, ... }:
let
  # A library that refers to itself all the way down.
  diskLib = rec {
    self = diskLib;
    types = { inner = diskLib; name = "disk"; };
  };
  diskType = lib.types.submodule ({ ... }: {
    options.device = lib.mkOption { type = lib.types.str; };
    config._module.args = { inherit diskLib; };
  });
in
{
  options.disks = lib.mkOption {
    type = lib.types.attrsOf diskType;
    default = { };
  };
}
