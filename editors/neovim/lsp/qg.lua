-- qg: language server for flake-based NixOS fleets, for Neovim 0.11+ (`:h lsp-config`).
--
-- Put the directory holding this `lsp/` folder on 'runtimepath', then enable the server:
--   vim.opt.rtp:append('/path/to/qg/editors/neovim')
--   vim.lsp.enable('qg')
-- Override any field with vim.lsp.config('qg', { ... }); tables merge, lists are replaced.
return {
  cmd = { 'qg-lsp' },
  filetypes = { 'nix' },
  -- A fleet is a flake: the nearest flake.nix is the root, as for qg-check.
  root_markers = { 'flake.nix' },
  -- Answered to the server's workspace/configuration request for section `qg`:
  --   host  = 'Server',               -- the host whose merged config hover shows
  --   rules = { QG003 = 'allow' },     -- levels, as in qg.toml's [rules]
  settings = {
    qg = {
      rules = vim.empty_dict(),
    },
  },
}
