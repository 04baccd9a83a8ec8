# The web server; `unused` is named but never given (haumea passes arguments lazily).
{ inputs, lib, unused, ... }:
{
  nixosConfigurations.web = inputs.nixpkgs.lib.nixosSystem {
    modules = [ ../../hosts/web.nix ];
  };
}
