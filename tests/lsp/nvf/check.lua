-- Headless Neovim 0.11 with the init.lua that tests/lsp/test_nvf.py rendered from the NVF
-- module: opens a file of the fleet, waits for the qg client and for its diagnostics to
-- (on that file) contain every code of <present> and none of <absent>, and prints what it saw as one JSON
-- line after `QG-NVF-RESULT ` for the test to judge.
-- Usage: nvim --headless --clean -l check.lua <init.lua> <fleet dir> <file> <present,...> <absent,...>
local init, fleet, file, present, absent = arg[1], arg[2], arg[3], arg[4], arg[5]

local function split(s)
  local out = {}
  for code in s:gmatch('[^,]+') do out[#out + 1] = code end
  return out
end
present, absent = split(present), split(absent)

local result = { messages = {} }
local function finish(ok)
  result.ok = ok
  print('QG-NVF-RESULT ' .. vim.json.encode(result))
  vim.lsp.enable('qg', false)
  os.exit(ok and 0 or 1)
end

-- What the server shows (qg warns there about settings it cannot use).
vim.lsp.handlers['window/showMessage'] = function(_, params)
  table.insert(result.messages, params.message)
end

-- The user's configuration, as NVF's wrapper would load it.
local loaded, err = pcall(dofile, init)
if not loaded then
  result.init_error = tostring(err)
  finish(false)
end

local root = vim.uv.fs_realpath(fleet)
vim.cmd.edit(vim.fs.joinpath(root, file))
local buf = vim.api.nvim_get_current_buf()
result.filetype = vim.bo[buf].filetype

local client
local attached = vim.wait(15000, function()
  client = vim.lsp.get_clients({ bufnr = buf, name = 'qg' })[1]
  return client ~= nil and client.initialized
end, 20)
result.attached = attached
if not attached then
  result.clients = vim.tbl_map(function(c) return c.name end, vim.lsp.get_clients())
  finish(false)
end
result.root_dir = client.root_dir
result.cmd = client.config.cmd
result.filetypes = client.config.filetypes
result.root_markers = client.config.root_markers
result.settings = client.config.settings
result.server = client.server_info

-- Every diagnostic of every buffer, with the file relative to the fleet and 1-based lines.
local function diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(nil)) do
    local name = vim.uv.fs_realpath(vim.api.nvim_buf_get_name(d.bufnr)) or vim.api.nvim_buf_get_name(d.bufnr)
    out[#out + 1] = {
      code = d.code, file = vim.fs.relpath(root, name) or name, line = d.lnum + 1, col = d.col + 1,
      message = d.message, severity = d.severity, source = d.source,
    }
  end
  table.sort(out, function(a, b) return a.line < b.line or (a.line == b.line and tostring(a.code) < tostring(b.code)) end)
  return out
end

-- Judged on the opened file only: other files' findings are pushed as the fleet is checked.
local function settled()
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do codes[d.code] = true end
  for _, c in ipairs(present) do if not codes[c] then return false end end
  for _, c in ipairs(absent) do if codes[c] then return false end end
  return true
end

result.settled = vim.wait(20000, settled, 20)
-- Settings can arrive after the first answer: the state must hold, not just pass by.
vim.wait(1500)
result.stable = settled()
result.diagnostics = diagnostics()
finish(result.settled and result.stable)
