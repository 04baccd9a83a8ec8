-- What the headless Neovim checks share: failing with a message, and qg-lsp started the
-- way NVF configures it (vim.lsp.config + vim.lsp.enable) on one file of a fleet.
-- Loaded with `dofile` next to the script that uses it.
local M = {}

-- Exits non-zero with `msg` on stderr.
function M.fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  os.exit(1)
end

function M.check(cond, msg)
  if not cond then M.fail(msg) end
end

-- Opens `fleet/file` with qg-lsp at `server` (with `settings`, when given) and waits until
-- qg is attached to it; returns the buffer and the client.
function M.open(server, fleet, file, settings)
  vim.lsp.config('qg', {
    cmd = { server },
    filetypes = { 'nix' },
    root_markers = { 'flake.nix' },
    settings = settings,
  })
  vim.lsp.enable('qg')
  vim.cmd.edit(fleet .. '/' .. file)
  local buf = vim.api.nvim_get_current_buf()
  local client
  M.check(vim.wait(10000, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'qg' })[1]
    return client ~= nil and client.initialized
  end, 20), 'qg attached to the buffer')
  return buf, client
end

-- The 0-based line and column of the first `needle` in `buf` (which shows `file`).
function M.find(buf, file, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local c = line:find(needle, 1, true)
    if c then return i - 1, c - 1 end
  end
  M.fail('`' .. needle .. '` in ' .. file)
end

return M
