# System-wide Neovim through NVF (module added in flake.nix commonModules).
{
  config,
  lib,
  ...
}: {
  config = lib.mkIf config.qgroget.nixos.apps.dev.enable {
    programs.nvf = {
      enable = true;
      settings.vim = {
        viAlias = true;
        vimAlias = true;

        lsp.enable = true;
        languages = {
          enableTreesitter = true;
          enableFormat = true;
          nix.enable = true;
          rust.enable = true;
          python.enable = true;
          markdown.enable = true;
        };

        statusline.lualine.enable = true;
        telescope.enable = true;
        autocomplete.blink-cmp.enable = true;
        git.gitsigns.enable = true;
      };
    };

    environment.variables.EDITOR = "nvim";
  };
}
