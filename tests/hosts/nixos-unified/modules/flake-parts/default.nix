# nixos-unified's own flake module.
{ inputs, ... }:
{
  imports = [ inputs.nixos-unified.flakeModules.default ];
}
