# Application bundles, each switched on by qgroget.nixos.apps.<bundle>.
{...}: {
  imports = [
    ./basics.nix
    ./cours.nix
    ./crypto.nix
    ./desktopsApps.nix
    ./dev.nix
    ./media.nix
    ./nvim.nix
  ];
}
