-- Neovim headless applies reportlint's quick fix for `standard-term`.
-- nvim --headless --clean -l tests/lsp/nvim_quickfix.lua BIN REPORT OUT
-- Opens REPORT, starts `BIN server`, waits for the diagnostic, asks for its
-- code actions, applies the preferred one with Neovim's own edit code (its
-- UTF-16 → byte conversion), and writes the buffer to OUT. Exits 1 on
-- failure, with the reason on stderr.
local bin, report, out = arg[1], arg[2], arg[3]

local function fail(msg)
  io.stderr:write('nvim_quickfix: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

vim.cmd.edit(report)
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start({
  name = 'reportlint',
  cmd = { bin, 'server' },
  root_dir = vim.fs.dirname(report),
}, { bufnr = buf })
if not id then
  fail('the server did not start')
end
local client = vim.lsp.get_client_by_id(id)

local found
local ok = vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'standard-term' then
      found = d
      return true
    end
  end
  return false
end, 50)
if not ok then
  fail('no standard-term diagnostic within 15 s')
end

local lsp_diag = found.user_data.lsp
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = lsp_diag.range,
  context = { diagnostics = { lsp_diag } },
}
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
local action
for _, r in pairs(responses or {}) do
  for _, a in ipairs(r.result or {}) do
    if a.isPreferred then
      action = a
    end
  end
end
if not action then
  fail('no preferred code action')
end
vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)

local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local f = assert(io.open(out, 'w'))
f:write(table.concat(lines, '\n'), '\n')
f:close()
-- Where Neovim put the diagnostic (0-based line, byte column), for the test.
io.stdout:write(string.format('%d %d\n', found.lnum, found.col))
vim.cmd('qall!')
