# The clan: one inventory machine, plus the folders beside this file.
{ self, ... }:
{
  flake.clan = {
    inherit self;
    meta.name = "lab";
    inventory.machines.nas.tags = [ "storage" ];
  };
}
