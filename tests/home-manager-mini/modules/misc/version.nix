# The home-manager release a configuration was written for: required, no default.
{ lib, ... }:
{
  options.home.stateVersion = lib.mkOption {
    type = lib.types.enum [ "24.05" "24.11" "25.05" "25.11" "26.05" ];
    example = "25.11";
    description = "The home-manager release whose defaults the configuration keeps.";
  };
}
