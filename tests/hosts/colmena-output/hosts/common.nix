# What every machine of the fleet declares.
{ lib, ... }:
{
  options.fleet.rack = lib.mkOption {
    type = lib.types.int;
    description = "The rack the machine sits in.";
  };
}
