# What both machines declare.
{ lib, ... }:
{
  options.fleet.slots = lib.mkOption {
    type = lib.types.int;
    default = 1;
    description = "How many jobs the machine runs at once.";
  };
}
