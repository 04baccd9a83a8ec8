# colmena's entry point without flakes: one node per file of hosts/, each importing its
# file and the modules of `toolkit`, an input pinned by its hash in pins.json (the way
# npins and niv pin sources), fetched by `builtins.fetchTarball`.
let
  pins = builtins.fromJSON (builtins.readFile ./pins.json);
  fetch = pin: builtins.fetchTarball { inherit (pin) url; sha256 = pin.hash; };
  toolkit = import (fetch pins.toolkit);
  names = map (file: builtins.replaceStrings [ ".nix" ] [ "" ] file)
    (builtins.attrNames (builtins.readDir ./hosts));
  node = name: { imports = [ (./hosts + "/${name}.nix") ] ++ toolkit.nixosModules; };
in
{
  meta.specialArgs = { site = "north"; };
  defaults = { deployment.tags = [ "fleet" ]; };
} // builtins.listToAttrs (map (name: { inherit name; value = node name; }) names)
