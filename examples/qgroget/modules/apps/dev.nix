{
  config,
  lib,
  pkgs,
  ...
}: let
  cfg = config.qgroget.nixos;
in {
  config = lib.mkIf cfg.apps.dev.enable (lib.mkMerge [
    {
      programs.direnv = {
        enable = true;
        nix-direnv.enable = true;
      };

      environment.systemPackages = with pkgs; [
        alejandra
        gh
        just
        nixd
        nix-tree
      ];
    }

    # Toolchains and editors only on workstations.
    (lib.mkIf cfg.isDesktop {
      environment.systemPackages = with pkgs; [
        gcc
        gnumake
        nodejs
        python3
        rustup
        vscodium
      ];

      virtualisation.podman = {
        enable = true;
        dockerCompat = true;
      };
    })
  ]);
}
