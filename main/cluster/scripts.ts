/**
 * The Lua scripts: each change to a room is one script, so checking, claiming, numbering and publishing happen
 * atomically in Redis and in one round trip. Every script that changes a room numbers the change (`ev`) and
 * publishes it on the room's channel; instances apply the changes in that order.
 */
import type { Redis } from 'ioredis';

/** Fills in the event's order number (and `seq`/`mid` when given) and publishes it. */
const PUBLISH = `
local function publish(evKey, channel, eventJson, fields)
  local event = cjson.decode(eventJson)
  for k, v in pairs(fields) do event[k] = v end
  event.ev = redis.call('INCR', evKey)
  redis.call('PUBLISH', channel, cjson.encode(event))
  return event.ev
end
local function holder(nicks, members, id, key, shape)
  for _, k in ipairs({'k:' .. key, 's:' .. shape}) do
    local who = redis.call('HGET', nicks, k)
    if who and who ~= id then
      local raw = redis.call('HGET', members, who)
      return raw and cjson.decode(raw).nick or ''
    end
  end
  return nil
end
local function release(nicks, id, member)
  for _, k in ipairs({'k:' .. member.key, 's:' .. member.shape}) do
    if redis.call('HGET', nicks, k) == id then redis.call('HDEL', nicks, k) end
  end
end
`;

/** KEYS members nicks ev seq instMembers; ARGV id key shape maxUsers memberJson eventJson channel entry. */
const JOIN = `${PUBLISH}
local id = ARGV[1]
local taken = holder(KEYS[2], KEYS[1], id, ARGV[2], ARGV[3])
if taken then return {'nick_taken', taken} end
if redis.call('HEXISTS', KEYS[1], id) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return {'room_full', ''}
end
local seq = redis.call('INCR', KEYS[4])
local member = cjson.decode(ARGV[5])
member.seq = seq
redis.call('HSET', KEYS[1], id, cjson.encode(member))
redis.call('HSET', KEYS[2], 'k:' .. ARGV[2], id, 's:' .. ARGV[3], id)
redis.call('SADD', KEYS[5], ARGV[8])
publish(KEYS[3], ARGV[7], ARGV[6], {seq = seq})
return {'ok', tostring(seq)}
`;

/** KEYS members nicks ev seq; ARGV id key shape nick eventJson channel. */
const RENAME = `${PUBLISH}
local id = ARGV[1]
local taken = holder(KEYS[2], KEYS[1], id, ARGV[2], ARGV[3])
if taken then return {'nick_taken', taken} end
local raw = redis.call('HGET', KEYS[1], id)
if not raw then return {'gone', ''} end
local member = cjson.decode(raw)
release(KEYS[2], id, member)
local seq = redis.call('INCR', KEYS[4])
member.nick = ARGV[4]
member.key = ARGV[2]
member.shape = ARGV[3]
member.seq = seq
redis.call('HSET', KEYS[1], id, cjson.encode(member))
redis.call('HSET', KEYS[2], 'k:' .. ARGV[2], id, 's:' .. ARGV[3], id)
publish(KEYS[3], ARGV[6], ARGV[5], {seq = seq})
return {'ok', tostring(seq)}
`;

/** KEYS members nicks ev; ARGV id eventJson channel instPrefix entry. */
const LEAVE = `${PUBLISH}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local member = cjson.decode(raw)
redis.call('HDEL', KEYS[1], ARGV[1])
release(KEYS[2], ARGV[1], member)
redis.call('SREM', ARGV[4] .. member.inst .. ':members', ARGV[5])
return publish(KEYS[3], ARGV[3], ARGV[2], {})
`;

/**
 * A chat message: KEYS mid ev history cidKey; ARGV eventJson recordJson maxlen channel hasCid cidTtlSeconds.
 * A resend (same sender and cid) gets its first mid back and nothing is posted.
 */
const POST = `${PUBLISH}
if ARGV[5] == '1' then
  local first = redis.call('GET', KEYS[4])
  if first then return {'dup', first} end
end
local mid = redis.call('INCR', KEYS[1])
if ARGV[5] == '1' then redis.call('SET', KEYS[4], mid, 'EX', tonumber(ARGV[6])) end
if tonumber(ARGV[3]) > 0 then
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'mid', mid, 'rec', ARGV[2])
end
publish(KEYS[2], ARGV[4], ARGV[1], {mid = mid})
return {'ok', tostring(mid)}
`;

/** Any other change (away, 1:1): KEYS ev members; ARGV eventJson channel id away ('' keep, '-' clear, else JSON). */
const EVENT = `${PUBLISH}
if ARGV[4] ~= '' then
  local raw = redis.call('HGET', KEYS[2], ARGV[3])
  if raw then
    local member = cjson.decode(raw)
    if ARGV[4] == '-' then member.away = nil else member.away = cjson.decode(ARGV[4]) end
    redis.call('HSET', KEYS[2], ARGV[3], cjson.encode(member))
  end
end
return publish(KEYS[1], ARGV[2], ARGV[1], {})
`;

/** KEYS ev members history; ARGV count: the room as it is, at one point of its order. */
const SNAPSHOT = `
local kept = {}
if tonumber(ARGV[1]) > 0 then kept = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', ARGV[1]) end
return {redis.call('GET', KEYS[1]) or '0', redis.call('HGETALL', KEYS[2]), kept}
`;

/** KEYS mid ev seq; ARGV mid ev seq: counters never go back (after a Redis restart, the instances' values). */
const RESTORE = `
for i = 1, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') < tonumber(ARGV[i]) then redis.call('SET', KEYS[i], ARGV[i]) end
end
return 1
`;

/**
 * A dead instance's members leave: KEYS alive instMembers instances; ARGV prefix instance reason. Does nothing
 * while the instance is alive, so of the instances that notice, one sweeps.
 */
const SWEEP = `${PUBLISH}
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local entries = redis.call('SMEMBERS', KEYS[2])
for _, entry in ipairs(entries) do
  local nl = string.find(entry, '\\n', 1, true)
  local room, id = string.sub(entry, 1, nl - 1), string.sub(entry, nl + 1)
  local base = ARGV[1] .. 'r:{' .. room .. '}:'
  local raw = redis.call('HGET', base .. 'members', id)
  if raw then
    local member = cjson.decode(raw)
    redis.call('HDEL', base .. 'members', id)
    release(base .. 'nicks', id, member)
    publish(base .. 'ev', base .. 'events', cjson.encode({origin = 'sweep', req = 0, member = id,
      op = {t = 'leave', reason = ARGV[3]}}), {})
  end
end
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[3], ARGV[2])
return #entries
`;

export interface ClusterCommands {
  sbJoin(...args: (string | number)[]): Promise<[string, string]>;
  sbRename(...args: (string | number)[]): Promise<[string, string]>;
  sbLeave(...args: (string | number)[]): Promise<number>;
  sbPost(...args: (string | number)[]): Promise<[string, string]>;
  sbEvent(...args: (string | number)[]): Promise<number>;
  sbSnapshot(...args: (string | number)[]): Promise<[string, string[], [string, string[]][]]>;
  sbRestore(...args: (string | number)[]): Promise<number>;
  sbSweep(...args: (string | number)[]): Promise<number>;
}

export type ClusterRedis = Redis & ClusterCommands;

/** Registers the scripts on a connection (ioredis sends EVALSHA, and the script itself the first time). */
export function defineScripts(redis: Redis): ClusterRedis {
  const define = (name: keyof ClusterCommands, numberOfKeys: number, lua: string): void =>
    redis.defineCommand(name, { numberOfKeys, lua });
  define('sbJoin', 5, JOIN);
  define('sbRename', 4, RENAME);
  define('sbLeave', 3, LEAVE);
  define('sbPost', 4, POST);
  define('sbEvent', 2, EVENT);
  define('sbSnapshot', 3, SNAPSHOT);
  define('sbRestore', 3, RESTORE);
  define('sbSweep', 3, SWEEP);
  return redis as ClusterRedis;
}
