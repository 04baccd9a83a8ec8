{...}: {
  imports = [
    ./syncthing.nix
    ./obsidian.nix
    ./portfolio.nix
  ];
}
