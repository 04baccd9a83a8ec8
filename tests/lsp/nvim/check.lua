-- Headless Neovim 0.11 against qg-lsp, configured the way NVF generates it:
--   vim.lsp.config('qg', { cmd, filetypes = {'nix'}, root_markers = {'flake.nix'} }); vim.lsp.enable('qg')
-- Usage: nvim --headless --clean -l check.lua <qg-lsp> <fleet dir> <file> <unused let, or -> <a used let>
-- With `-`, the file must be clean (no diagnostics, no quick fix); otherwise the unused
-- binding must be reported and its quick fix must remove the finding.
local server, fleet, file, name, used = arg[1], arg[2], arg[3], arg[4], arg[5]
local clean = name == '-'

local common = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/common.lua')
local check = common.check

local buf, client = common.open(server, fleet, file)
check(vim.bo[buf].filetype == 'nix', 'filetype nix detected')
check(client.root_dir == vim.fs.normalize(vim.uv.fs_realpath(fleet)), 'root is the flake: ' .. tostring(client.root_dir))

-- Diagnostics: Neovim 0.11 pulls them for open buffers (the server advertises pull to it).
local diags
if clean then
  -- Wait for the server's answer to the pull, then require it to be empty.
  vim.wait(1500, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  diags = vim.diagnostic.get(buf)
  check(#diags == 0, 'a clean file has no diagnostics: ' .. vim.inspect(diags))
  print('diagnostics: none (clean file)')
end
check(clean or vim.wait(10000, function()
  diags = vim.diagnostic.get(buf)
  return #diags > 0
end, 20), 'diagnostics arrive')
local unused = { lnum = 0, col = 0 }
if not clean then unused = nil end
for _, d in ipairs(diags) do
  if d.code == 'QG003' and d.message:find(name, 1, true) then unused = d end
end
check(clean or unused ~= nil, 'QG003 for `' .. name .. '` among ' .. vim.inspect(diags))
-- Pulled and pushed diagnostics live in different namespaces: the file must not get both.
local seen = {}
for _, d in ipairs(diags) do
  local key = d.code .. ':' .. d.lnum .. ':' .. d.col
  check(not seen[key], 'diagnostic reported twice: ' .. key)
  seen[key] = true
end
if not clean then
  print(('diagnostics: %d, QG003 at %d:%d'):format(#diags, unused.lnum + 1, unused.col + 1))
end

local function request(method, params)
  local res = vim.lsp.buf_request_sync(buf, method, params, 5000)
  check(res ~= nil, method .. ' answered')
  local r = res[client.id]
  check(r.err == nil, method .. ' error: ' .. vim.inspect(r.err))
  return r.result
end

local function params_at(lnum, col)
  return {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = lnum, character = col },
  }
end

-- A use of the used binding: the first mention that is not its definition.
local use_line, use_col
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local c = line:find(used, 1, true)
  if c and not line:find(used .. ' =', 1, true) then
    use_line, use_col = i - 1, c - 1
    break
  end
end
check(use_line ~= nil, 'a use of ' .. used .. ' in the file')

local hover = request('textDocument/hover', params_at(use_line, use_col))
check(hover and hover.contents.value:find('let binding `' .. used .. '`', 1, true), 'hover text: ' .. vim.inspect(hover))
print('hover: ' .. hover.contents.value:gsub('\n', ' | '))

local def = request('textDocument/definition', params_at(use_line, use_col))
local loc = def.uri and def or def[1]
check(loc.uri == vim.uri_from_bufnr(buf), 'definition in the same file')
check(vim.api.nvim_buf_get_lines(buf, loc.range.start.line, loc.range.start.line + 1, false)[1]:find(used .. ' =', 1, true),
  'definition on the binding')
print(('definition: line %d'):format(loc.range.start.line + 1))

local completion = request('textDocument/completion', params_at(use_line, use_col))
local labels = {}
for _, item in ipairs(completion.items or completion) do labels[item.label] = true end
check(labels[used] and labels['builtins'] and labels['toString'], 'completion list: ' .. vim.inspect(vim.tbl_keys(labels)))
print(('completion: %d items'):format(vim.tbl_count(labels)))

if clean then
  vim.lsp.enable('qg', false)
  os.exit(0)
end

local actions = request('textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = unused.lnum, character = unused.col }, ['end'] = { line = unused.end_lnum, character = unused.end_col } },
  context = { diagnostics = vim.lsp.diagnostic.from(vim.diagnostic.get(buf, { lnum = unused.lnum })) },
})
local fix
for _, a in ipairs(actions) do
  if a.kind == 'quickfix' and a.title:find(name, 1, true) then fix = a end
end
check(fix ~= nil, 'quick fix for ' .. name .. ': ' .. vim.inspect(actions))
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
print('code action: ' .. fix.title)

-- After the fix the pulled diagnostics no longer have the finding.
check(vim.wait(10000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'QG003' and d.message:find(name, 1, true) then return false end
  end
  return true
end, 20), 'fixed finding disappears')
print('fixed: ok')

vim.lsp.enable('qg', false)
os.exit(0)
