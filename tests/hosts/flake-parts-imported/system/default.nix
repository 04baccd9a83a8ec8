# Shared by every machine.
{ lib, ... }:
{
  options.fleet.role = lib.mkOption { type = lib.types.str; default = "desktop"; };
  config.time.timeZone = "UTC";
}
