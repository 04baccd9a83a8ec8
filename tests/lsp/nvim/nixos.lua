-- Headless Neovim 0.11 against qg-lsp on a fleet of the miniature nixpkgs, with the
-- miniature given as the `nixpkgs` input in the server's settings. `K` (vim.lsp.buf.hover)
-- on a NixOS option opens the hover window; its lines are printed as the user sees them
-- (`print` of `nvim -l` writes to stderr).
-- Then `gd` (vim.lsp.buf.definition) jumps to the option's declaration in the nixpkgs tree.
-- Usage: nvim --headless --clean -l nixos.lua <qg-lsp> <fleet dir> <nixpkgs dir>
local server, fleet, nixpkgs = arg[1], arg[2], arg[3]
local file = 'hosts/web.nix'

local common = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/common.lua')
local check = common.check

local buf = common.open(server, fleet, file, { qg = { inputs = { nixpkgs = nixpkgs } } })

local function cursor_on(needle, offset)
  local lnum, col = common.find(buf, file, needle)
  vim.api.nvim_win_set_cursor(0, { lnum + 1, col + offset })
end

local function floats()
  local out = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then table.insert(out, win) end
  end
  return out
end

-- K on `logFormat`: the hover window.
cursor_on('logFormat', 3)
vim.lsp.buf.hover()
local win
check(vim.wait(15000, function()
  win = floats()[1]
  return win ~= nil
end, 20), 'a hover window opens')
for _, line in ipairs(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)) do
  print('hover| ' .. line)
end
vim.api.nvim_win_close(win, true)

-- gd on `hostName`: the declaring module of the nixpkgs tree, at the option's name.
cursor_on('hostName', 2)
vim.lsp.buf.definition()
check(vim.wait(15000, function() return vim.api.nvim_get_current_buf() ~= buf end, 20), 'definition jumps')
local pos = vim.api.nvim_win_get_cursor(0)
print(('definition: %s:%d:%d'):format(vim.api.nvim_buf_get_name(0), pos[1], pos[2] + 1))

vim.lsp.enable('qg', false)
os.exit(0)
