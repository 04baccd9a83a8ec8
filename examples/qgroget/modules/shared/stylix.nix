{
  config,
  pkgs,
  ...
}: let
  cfg = config.qgroget.nixos;

  # qgroget theme name -> base16 scheme shipped by base16-schemes.
  schemes = {
    wide = "catppuccin-mocha";
    nord = "nord";
    gruvbox = "gruvbox-dark-hard";
    rose-pine = "rose-pine";
  };
in {
  stylix = {
    enable = true;
    # Headless hosts only get the console colours.
    autoEnable = cfg.isDesktop;
    polarity = "dark";
    base16Scheme = "${pkgs.base16-schemes}/share/themes/${schemes.${cfg.theme}}.yaml";

    fonts = {
      monospace = {
        package = pkgs.nerd-fonts.jetbrains-mono;
        name = "JetBrainsMono Nerd Font";
      };
      sizes.terminal = 12;
    };

    targets.console.enable = true;
  };
}
