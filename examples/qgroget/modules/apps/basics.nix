{
  config,
  lib,
  pkgs,
  ...
}: {
  config = lib.mkIf config.qgroget.nixos.apps.basic {
    environment.systemPackages = with pkgs; [
      bat
      btop
      eza
      fd
      fzf
      jq
      ripgrep
      tree
      unzip
      zip
    ];

    programs = {
      zoxide.enable = true;
      tmux = {
        enable = true;
        clock24 = true;
        keyMode = "vi";
      };
    };
  };
}
