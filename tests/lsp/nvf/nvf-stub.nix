# A stand-in for the part of NVF that editors/nvf/module.nix relies on, written from NVF's
# sources at 45ad2248 (see shared/facts/editors-and-hooks.md, section 1):
#   - `vim.lsp.servers`: attrsOf lspOptions (modules/neovim/init/lsp.nix), where lspOptions
#     (lib/languages.nix) is a submodule with a freeform `attrsOf anything` and the fields
#     enable, capabilities, on_attach, filetypes, cmd, root_markers;
#   - the `"*"` entry NVF always defines: capabilities = mkDefault (mkLuaInline "capabilities").
# NVF renders it to Lua; tests/lsp/test_nvf.py does that step (`render_lua`).
{ lib, ... }:
let
  inherit (lib.options) mkOption;
  inherit (lib) types;
  mkLuaInline = expr: { _type = "lua-inline"; inherit expr; };

  lspOptions = types.submodule {
    freeformType = types.attrsOf types.anything;
    options = {
      enable = mkOption {
        type = types.bool;
        default = true;
        description = "Whether to enable this LSP server (whether its name goes into vim.lsp.enable).";
      };
      capabilities = mkOption {
        type = types.nullOr (types.either types.luaInline (types.attrsOf types.anything));
        default = null;
        description = "LSP capabilities to pass to the server.";
      };
      on_attach = mkOption {
        type = types.nullOr types.luaInline;
        default = null;
        description = "Function run when the server attaches to a buffer.";
      };
      filetypes = mkOption {
        type = types.nullOr (types.listOf types.str);
        default = null;
        description = "Filetypes to auto-attach to.";
      };
      cmd = mkOption {
        type = types.nullOr (types.either types.luaInline (types.uniq (types.listOf types.str)));
        default = null;
        description = "Command used to start the LSP server.";
      };
      root_markers = mkOption {
        type = types.nullOr (types.listOf types.str);
        default = null;
        description = "Files that mark the root of a project.";
      };
    };
  };
in
{
  options.vim.lsp = {
    enable = mkOption {
      type = types.bool;
      default = false;
      description = "Global LSP functionality of NVF's language modules.";
    };
    servers = mkOption {
      type = types.attrsOf lspOptions;
      default = { };
      description = "LSP servers, rendered to vim.lsp.config[name] and vim.lsp.enable.";
    };
  };

  config.vim.lsp.servers."*".capabilities = lib.modules.mkDefault (mkLuaInline "capabilities");
}
