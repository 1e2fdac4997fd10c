/**
 * The Redis store's server-side scripts: each decision is one script, and Redis runs a script with
 * nothing else in between, so two processes can never both claim. They are the Lua twins of
 * ./decide.ts (same order of checks, same marks); the contract tests run both through one table.
 *
 * A mark's value is "<expires>|<token>": the expiry the caller's clock gave (what is checked), next to
 * a server-side PX TTL of the same length (what frees the memory).
 */

const MARK_HELPERS = `
local now = tonumber(ARGV[1])
local function parse(v)
  local bar = string.find(v, '|', 1, true)
  return tonumber(string.sub(v, 1, bar - 1)), string.sub(v, bar + 1)
end
local function live(key)
  local v = redis.call('GET', key)
  if not v then return false end
  local expires = parse(v)
  return expires > now
end
local function mine(key, token)
  local v = redis.call('GET', key)
  if not v then return false end
  local expires, owner = parse(v)
  return expires > now and owner == token
end
local function put(key, token, expires)
  redis.call('SET', key, string.format('%d', expires) .. '|' .. token, 'PX', expires - now)
end
`;

/** KEYS[1] the claim; ARGV now, token, ttl. Returns 1 when claimed. */
export const CLAIM = `${MARK_HELPERS}
if live(KEYS[1]) then return 0 end
put(KEYS[1], ARGV[2], now + tonumber(ARGV[3]))
return 1
`;

/**
 * KEYS marks (then the window when ARGV[3] is '1'); ARGV now, token, window flag, then one expiry per
 * mark (0: delete). Touches only marks that live and are this token's. Returns how many it touched.
 */
export const SETTLE = `${MARK_HELPERS}
local token = ARGV[2]
local marks = #KEYS
local touched = 0
if ARGV[3] == '1' then
  marks = marks - 1
  touched = touched + redis.call('ZREM', KEYS[#KEYS], token)
end
for i = 1, marks do
  if mine(KEYS[i], token) then
    local expires = tonumber(ARGV[3 + i])
    if expires > now then put(KEYS[i], token, expires) else redis.call('DEL', KEYS[i]) end
    touched = touched + 1
  end
end
return touched
`;

/**
 * KEYS[1] the channel's window, then per code: mute, thread, cooldown.
 * ARGV now, token, holdMs, cooldownMs, threadMs, maxPerWindow, windowMs.
 * Returns per code 'reply' or the reason it is suppressed.
 */
export const DECIDE = `${MARK_HELPERS}
local token = ARGV[2]
local hold = tonumber(ARGV[3])
local cooldown = tonumber(ARGV[4])
local thread = tonumber(ARGV[5])
local maxPerWindow = tonumber(ARGV[6])
local windowMs = tonumber(ARGV[7])
local codes = (#KEYS - 1) / 3
local reasons = {}
local candidates = {}
local seen = {}
for i = 1, codes do
  local base = 1 + (i - 1) * 3
  local muteKey, threadKey, coolKey = KEYS[base + 1], KEYS[base + 2], KEYS[base + 3]
  if live(muteKey) then reasons[i] = 'muted'
  elseif seen[threadKey] then reasons[i] = 'repeat'
  elseif live(threadKey) then reasons[i] = 'thread-duplicate'
  elseif live(coolKey) then reasons[i] = 'cooldown'
  else
    reasons[i] = 'candidate'
    seen[threadKey] = true
    candidates[#candidates + 1] = i
  end
end
local full = false
if #candidates > 0 then
  -- The window counts messages answered: one entry for the whole message.
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - windowMs)
  full = redis.call('ZCARD', KEYS[1]) >= maxPerWindow
end
if #candidates > 0 and not full then
  for _, i in ipairs(candidates) do
    local base = 1 + (i - 1) * 3
    local coolUntil = now + math.min(hold, cooldown)
    local threadUntil = now + math.min(hold, thread)
    if coolUntil > now then put(KEYS[base + 3], token, coolUntil) end
    if threadUntil > now then put(KEYS[base + 2], token, threadUntil) end
  end
  redis.call('ZADD', KEYS[1], now, token)
  redis.call('PEXPIRE', KEYS[1], windowMs)
end
local out = {}
for i = 1, codes do
  local r = reasons[i]
  if r == 'candidate' then out[i] = full and 'rate-cap' or 'reply'
  elseif r == 'repeat' then out[i] = full and 'rate-cap' or 'thread-duplicate'
  else out[i] = r end
end
return out
`;

/**
 * KEYS[1] the entry's votes (user -> vote), KEYS[2] the tallies ("<vote>:<entry>" -> count).
 * ARGV user, vote, entry id, retention ms. Returns '' (new), '=' (unchanged) or the previous vote.
 */
export const VOTE = `
local previous = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if previous == ARGV[2] then return '=' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if previous then redis.call('HINCRBY', KEYS[2], previous .. ':' .. ARGV[3], -1) end
redis.call('HINCRBY', KEYS[2], ARGV[2] .. ':' .. ARGV[3], 1)
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return previous or ''
`;

/**
 * KEYS[1] summaries (query -> JSON), KEYS[2] reporters ("<user>\\0<query>").
 * ARGV query, reporter key ('' for anonymous), platform, now, retention ms, most queries kept.
 * Returns 1 when counted.
 */
export const REPORT = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return 0 end
if ARGV[2] ~= '' then
  if redis.call('SADD', KEYS[2], ARGV[2]) == 0 then return 0 end
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
local summary = { count = 0, platforms = {} }
if current then summary = cjson.decode(current) end
summary.count = summary.count + 1
local known = false
for _, p in ipairs(summary.platforms) do
  if p == ARGV[3] then known = true end
end
if not known then
  table.insert(summary.platforms, ARGV[3])
  table.sort(summary.platforms)
end
summary.lastAt = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(summary))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/**
 * KEYS[1] the channel's settings (JSON). ARGV JSON of values to set, JSON list of names to clear,
 * retention ms. Returns the merged JSON.
 */
export const MERGE_SETTINGS = `
local current = redis.call('GET', KEYS[1])
local settings = {}
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and type(decoded) == 'table' then settings = decoded end
end
for name, value in pairs(cjson.decode(ARGV[1])) do settings[name] = value end
for _, name in ipairs(cjson.decode(ARGV[2])) do settings[name] = nil end
local merged = cjson.encode(settings)
redis.call('SET', KEYS[1], merged, 'PX', ARGV[3])
return merged
`;

// ----- teaching (issue 14): proposals and step credits ---------------------------------------------

/**
 * KEYS[1] proposals (id -> JSON), KEYS[2] pending (id -> normalised code).
 * ARGV id, JSON, code, most proposals kept, retention ms. Returns 1 when stored, 0 when full.
 */
export const PROPOSAL_CREATE = `
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 1
`;

/**
 * Compare-and-set of one proposal: the change (a decision, an edit) is worked out by the caller from
 * the JSON it read, and written only if that JSON is still what is stored, so two maintainers
 * deciding at once cannot both win (the loser reads again and sees it decided).
 * KEYS as PROPOSAL_CREATE; ARGV id, expected JSON, next JSON, '1' while still pending, code,
 * retention ms. Returns 1 when written, 0 when the proposal changed meanwhile (or is gone).
 */
export const PROPOSAL_SWAP = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[4] == '1' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[5]) else redis.call('HDEL', KEYS[2], ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return 1
`;

/**
 * KEYS[1] the entry's credits (user -> JSON steps), KEYS[2] entries with credits.
 * ARGV user, JSON steps, entry id, retention ms. Returns 1 for a new credit, 0 for a replaced one.
 */
export const FIX_CREDIT = `
local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return added
`;
