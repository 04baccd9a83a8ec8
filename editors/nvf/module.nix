# NVF module: qg as a language server for Nix files.
#
# In your flake: `nvf.lib.neovimConfiguration { inherit pkgs; modules = [ qg.nvfModules.default ]; }`
# (or add `qg.nvfModules.default` to `programs.nvf.settings.imports` of NVF's NixOS or
# Home Manager module), then `vim.qg.enable = true;`.
#
# It only sets `vim.lsp.servers.qg`; NVF renders that to `vim.lsp.config["qg"] = {...}` and
# `vim.lsp.enable({"qg"})`. qg attaches to `nix` buffers beside nil or nixd.
{ qgPackages }:
{ config, lib, pkgs, ... }:
let
  cfg = config.vim.qg;
in {
  options.vim.qg = {
    enable = lib.mkEnableOption "the qg language server for NixOS fleets";

    package = lib.mkOption {
      type = lib.types.package;
      default = qgPackages.${pkgs.stdenv.hostPlatform.system}.default;
      defaultText = lib.literalExpression "qg.packages.\${system}.default";
      description = "The qg package providing `qg-lsp`.";
    };

    host = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      example = "Server";
      description = "Host whose merged configuration hover and inlay hints show; null for all.";
    };

    rules = lib.mkOption {
      type = lib.types.attrsOf (lib.types.enum [ "allow" "hint" "warn" "deny" ]);
      default = { };
      example = { QG003 = "allow"; };
      description = "Rule levels, as in qg.toml's [rules]; qg.toml in the flake still applies.";
    };
  };

  config = lib.mkIf cfg.enable {
    vim.lsp.servers.qg = {
      # mkDefault: a user's own `cmd` (say, qg-lsp from PATH) replaces it without a conflict.
      cmd = lib.mkDefault [ (lib.getExe' cfg.package "qg-lsp") ];
      filetypes = [ "nix" ];
      root_markers = [ "flake.nix" ];
      settings.qg = { inherit (cfg) rules; } // lib.optionalAttrs (cfg.host != null) { inherit (cfg) host; };
    };
  };
}
