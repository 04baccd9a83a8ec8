# Private to haumea (a leading underscore): not loaded.
{ inputs, ... }:
{
  nixosConfigurations.draft = inputs.nixpkgs.lib.nixosSystem { modules = [ ]; };
}
