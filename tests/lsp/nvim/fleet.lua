-- Headless Neovim 0.11 against qg-lsp on a copy of the example fleet with a seeded
-- cross-reference mistake: a Traefik middleware typo in jellyfin's `middlewares`.
-- Configured the way NVF generates it (vim.lsp.config + vim.lsp.enable).
-- Usage: nvim --headless --clean -l fleet.lua <qg-lsp> <fleet dir>
-- Prints one line per checked capability; exits non-zero on the first failure.
local server, fleet = arg[1], arg[2]
local file = 'modules/server/media/video/jellyfin.nix'

local common = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/common.lua')
local check = common.check

local buf, client = common.open(server, fleet, file, { qg = { host = 'Server' } })

local function find(needle)
  return common.find(buf, file, needle)
end

local function request(method, params)
  local res = vim.lsp.buf_request_sync(buf, method, params, 15000)
  check(res ~= nil and res[client.id] ~= nil, method .. ' answered')
  local r = res[client.id]
  check(r.err == nil, method .. ' error: ' .. vim.inspect(r.err))
  return r.result
end

local function at(lnum, col)
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = lnum, character = col } }
end

-- Diagnostics: exactly the seeded QG304, on its line.
local typo_line, typo_col = find('"rate-limt"')
local diags
check(vim.wait(20000, function()
  diags = vim.diagnostic.get(buf)
  return #diags > 0
end, 20), 'diagnostics arrive')
check(#diags == 1 and diags[1].code == 'QG304' and diags[1].lnum == typo_line,
  'one QG304 on line ' .. (typo_line + 1) .. ': ' .. vim.inspect(diags))
print(('diagnostics: QG304 at %d:%d'):format(diags[1].lnum + 1, diags[1].col + 1))

-- Completion inside the middleware string offers the host's middlewares.
local completion = request('textDocument/completion', at(typo_line, typo_col + 6))
local labels = {}
for _, item in ipairs(completion.items or completion) do labels[item.label] = true end
check(labels['rate-limit'], 'middleware completion: ' .. vim.inspect(vim.tbl_keys(labels)))
print('completion: rate-limit offered')

-- Hover on the service's name.
local svc_line, svc_col = find('qgroget.services.jellyfin')
local hover = request('textDocument/hover', at(svc_line, svc_col + #'qgroget.services.'))
check(hover and hover.contents.value:find('service `jellyfin`', 1, true)
  and hover.contents.value:find('http://127.0.0.1:8096', 1, true), 'service hover: ' .. vim.inspect(hover))
print('hover: service jellyfin')

-- Definition of a correct middleware: where Traefik's configuration defines it.
local ok_line, ok_col = find('"jellyfin-headers"')
local def = request('textDocument/definition', at(ok_line, ok_col + 2))
local loc = def.uri and def or def[1]
check(loc ~= nil, 'a definition for jellyfin-headers')
print(('definition: %s:%d'):format(vim.uri_to_fname(loc.uri):sub(#fleet + 2), loc.range.start.line + 1))

-- The quick fix replaces the typo, and the finding goes away.
local actions = request('textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = diags[1].lnum, character = diags[1].col }, ['end'] = { line = diags[1].end_lnum, character = diags[1].end_col } },
  context = { diagnostics = vim.lsp.diagnostic.from(diags) },
})
local fix
for _, a in ipairs(actions) do
  if a.kind == 'quickfix' and a.title:find('rate-limit', 1, true) then fix = a end
end
check(fix ~= nil, 'quick fix: ' .. vim.inspect(actions))
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
print('code action: ' .. fix.title)
check(vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 50), 'the finding disappears after the fix')
print('fixed: ok')

vim.lsp.enable('qg', false)
os.exit(0)
