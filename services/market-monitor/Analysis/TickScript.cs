using Fleet.Redis;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// The tick script (docs/services/market-monitor.md, "Analysis and price alerts"; ADR 0008, ADR 0010): in one atomic
/// step on a symbol's state hash it takes a batch of that symbol's ticks in any order, sorts them by sequence number,
/// drops those already applied or buffered, buffers those ahead of a missing sequence number, applies those that are
/// next in sequence with the buffered ones they release (indicators, trend transitions, anomalies, price alert crossings,
/// <c>PUBLISH price.updated.{SYMBOL}</c>), skips gaps that waited too long, and keeps every result it made in the state
/// until a handler confirms it was published. No tick: the sweep.
/// </summary>
/// <remarks>
/// Reply: <c>[ticks applied, next sequence, n, status₁ … statusₙ, id₁, payload₁, id₂, payload₂, …]</c>: a status per tick
/// in the order given (1 applied, 2 buffered, 3 duplicate), then the results in the order they were made. A result id is
/// <c>{sequence}.{n}</c> (unique within the symbol: a sequence is applied once); its payload is <see cref="ResultCodec"/>'s
/// format. Lua numbers are doubles: averages and RSI are computed in double and rounded when read; prices travel as the
/// decimal text they came with. The state is read once (HMGET) and written once (HSET) per batch, the windows split and
/// joined once: what a tick costs on its own is its arithmetic and its PUBLISH.
/// </remarks>
internal static class TickScript
{
    /// <summary>The state hash fields a result and its lease live in.</summary>
    public const string ResultField = "r:";

    /// <summary>The state hash field of a result's lease deadline.</summary>
    public const string LeaseField = "rd:";

    /// <summary>
    /// Releases the leases of results a replica failed to publish (KEYS[1] the state hash, ARGV their ids): each one
    /// still in the state gets deadline 0, and so does the state's earliest deadline (<c>rdue</c>), so the next run takes
    /// them. <c>rdue</c> only says when to look; the run that looks recomputes it.
    /// </summary>
    public static readonly RedisScript ReleaseScript = new("""
        local released = {}
        for _, id in ipairs(ARGV) do
          if redis.call('HGET', KEYS[1], 'r:' .. id) then
            released[#released + 1] = 'rd:' .. id
            released[#released + 1] = 0
          end
        end
        if #released == 0 then return 0 end
        released[#released + 1] = 'rdue'
        released[#released + 1] = 0
        redis.call('HSET', KEYS[1], unpack(released))
        return #released / 2 - 1
        """);

    public static readonly RedisScript Script = new("""
        -- KEYS[1] the symbol's state hash, KEYS[2] the symbol's price alerts hash.
        -- ARGV: 1 now (unix ms), 2 short window, 3 long window, 4 RSI period, 5 max jump %, 6 max buffered ticks,
        -- 7 gap timeout ms, 8 result lease ms, 9 RSI overbought, 10 RSI oversold, 11 symbol, 12 Pub/Sub channel, then five per
        -- tick (none: the sweep): sequence, price (decimal text), time (unix ms), time (RFC 3339), event id.
        local state, alerts = KEYS[1], KEYS[2]
        local now = tonumber(ARGV[1])
        local S, L, P = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local maxJump, maxBuffered = tonumber(ARGV[5]), tonumber(ARGV[6])
        local gapTimeout, lease = tonumber(ARGV[7]), tonumber(ARGV[8])
        local overbought, oversold = tonumber(ARGV[9]), tonumber(ARGV[10])
        local symbol, channel = ARGV[11], ARGV[12]
        local a, b = 2 / (S + 1), 2 / (L + 1)
        local priceHead = '{"event_type":"price.updated","symbol":"' .. symbol .. '","price":"'

        local f = redis.call('HMGET', state, 'next', 'n', 'last', 'lastt', 'ws', 'wl', 'ss', 'sl', 'es', 'el', 'rg', 'rl',
          'sig_sma', 'sig_ema', 'sig_rsi', 'bn', 'bsince', 'rdue')
        local st = {
          next = tonumber(f[1]) or 1, n = tonumber(f[2]) or 0, last = f[3], lastt = tonumber(f[4]),
          ss = tonumber(f[7]) or 0, sl = tonumber(f[8]) or 0,
          es = tonumber(f[9]), el = tonumber(f[10]), rg = tonumber(f[11]) or 0, rl = tonumber(f[12]) or 0,
          sma = f[13] or '', ema = f[14] or '', rsi = f[15] or '',
          bn = tonumber(f[16]) or 0, bsince = tonumber(f[17]), rdue = tonumber(f[18]),
        }
        local dirty = false
        local applied = 0
        local made = {}
        local resultSeq, resultK = -1, 0
        local alertDefs, sideChanges = nil, nil
        -- The windows (comma-separated price texts, oldest first: the last S prices, the last L + 1) are split into arrays by
        -- the first tick applied and joined once at the end; the sums ss and sl are kept running.
        local ws, wl = nil, nil

        local function num(x) return string.format('%.17g', x) end

        local function result(s, payload)
          if s ~= resultSeq then resultSeq, resultK = s, 0 end
          resultK = resultK + 1
          made[#made + 1] = { id = s .. '.' .. resultK, s = s, k = resultK, payload = payload }
        end

        local function split(text)
          local t = {}
          if text then for p in string.gmatch(text, '[^,]+') do t[#t + 1] = p end end
          return t
        end

        local function loadAlerts()
          alertDefs, sideChanges = {}, {}
          local all = redis.call('HGETALL', alerts)
          local sides = {}
          for i = 1, #all, 2 do
            local name, value = all[i], all[i + 1]
            local kind, id = string.sub(name, 1, 2), string.sub(name, 3)
            if kind == 'a:' then
              local user, dir, thr = string.match(value, '^([^|]*)|([^|]*)|([^|]*)$')
              alertDefs[#alertDefs + 1] = { id = id, user = user, dir = dir, thr = thr, t = tonumber(thr) }
            elseif kind == 's:' then
              sides[id] = value
            end
          end
          for _, al in ipairs(alertDefs) do al.side = sides[al.id] end
        end

        local function transition(tk, signal, old, new, short, long, rsi, change)
          if old == new then return old end
          local rsiText = rsi and num(rsi) or ''
          local function trend(dir, phase)
            result(tk.seq, table.concat({ 't', signal, dir, phase, tk.price, num(short), num(long), rsiText, num(change),
              tk.iso, tk.seq, tk.id }, '|'))
          end
          if old ~= '' then trend(old, 'ended') end
          if new ~= '' then trend(new, 'started') end
          return new
        end

        local function apply(tk)
          dirty = true
          if st.lastt and tk.t < st.lastt then
            result(tk.seq, table.concat({ 'a', 'time_backwards', tk.price, st.last or '', tk.iso, tk.seq, tk.id, '' }, '|'))
            return
          end
          if ws == nil then ws, wl = split(f[5]), split(f[6]) end
          local p = tonumber(tk.price)
          local prevPrice = st.last and tonumber(st.last)
          -- |p - prev| / prev > max %, multiplied out: no division, so a move of exactly the limit is not flagged by rounding.
          if prevPrice and math.abs(p - prevPrice) * 100 > maxJump * prevPrice then
            result(tk.seq, table.concat({ 'a', 'huge_jump', tk.price, st.last, tk.iso, tk.seq, tk.id, '' }, '|'))
          end
          local n = st.n + 1
          st.n = n
          -- Short window: the oldest of S prices leaves it.
          if n > S then st.ss = st.ss - tonumber(table.remove(ws, 1)) end
          ws[#ws + 1] = tk.price
          st.ss = st.ss + p
          -- Long window of L + 1 prices: drop the oldest; the new oldest is the base and leaves the sum of the last L.
          if n > L + 1 then table.remove(wl, 1) end
          wl[#wl + 1] = tk.price
          local base = tonumber(wl[1])
          st.sl = st.sl + p
          if n > L then st.sl = st.sl - base end
          if n == 1 then
            st.es, st.el = p, p
          else
            st.es = st.es + (p - st.es) * a
            st.el = st.el + (p - st.el) * b
          end
          local rsi = nil
          if prevPrice then
            local change = p - prevPrice
            local gain, loss = math.max(change, 0), math.max(-change, 0)
            local changes = n - 1
            if changes <= P then
              st.rg, st.rl = st.rg + gain, st.rl + loss
              if changes == P then st.rg, st.rl = st.rg / P, st.rl / P end
            else
              st.rg = (st.rg * (P - 1) + gain) / P
              st.rl = (st.rl * (P - 1) + loss) / P
            end
            if changes >= P then
              if st.rl == 0 then
                rsi = (st.rg == 0) and 50 or 100
              else
                rsi = 100 - 100 / (1 + st.rg / st.rl)
              end
            end
          end
          local changePercent = (p - base) / base * 100
          local smaShort, smaLong = st.ss / math.min(n, S), st.sl / math.min(n, L)
          if n >= L then
            local smaState = (smaShort > smaLong and 'up') or (smaShort < smaLong and 'down') or ''
            st.sma = transition(tk, 'sma_crossover', st.sma, smaState, smaShort, smaLong, rsi, changePercent)
            local emaState = (st.es > st.el and 'up') or (st.es < st.el and 'down') or ''
            st.ema = transition(tk, 'ema_crossover', st.ema, emaState, st.es, st.el, rsi, changePercent)
          end
          if rsi then
            local rsiState = (rsi > overbought and 'overbought') or (rsi < oversold and 'oversold') or ''
            if rsiState ~= st.rsi then
              local function rsiSignal(state, phase)
                local dir = (state == 'overbought') and 'down' or 'up'
                result(tk.seq, table.concat({ 't', 'rsi_' .. state, dir, phase, tk.price, num(smaShort), num(smaLong), num(rsi),
                  num(changePercent), tk.iso, tk.seq, tk.id }, '|'))
              end
              if st.rsi ~= '' then rsiSignal(st.rsi, 'ended') end
              if rsiState ~= '' then rsiSignal(rsiState, 'started') end
              st.rsi = rsiState
            end
          end
          if alertDefs == nil then loadAlerts() end
          for _, al in ipairs(alertDefs) do
            local triggered = (al.dir == 'above' and p >= al.t) or (al.dir == 'below' and p <= al.t)
            local side = triggered and 't' or 'n'
            if al.side ~= side then
              if al.side == 'n' then
                result(tk.seq, table.concat({ 'n', al.id, al.user, al.dir, al.thr, tk.price, tk.iso, tk.seq, tk.id }, '|'))
              end
              al.side = side
              sideChanges[#sideChanges + 1] = 's:' .. al.id
              sideChanges[#sideChanges + 1] = side
            end
          end
          redis.call('PUBLISH', channel, priceHead .. tk.price .. '","timestamp":"' .. tk.iso .. '"}')
          st.last, st.lastt = tk.price, tk.t
          applied = applied + 1
        end

        -- A buffered tick: price|time ms|time text|event id|arrival ms.
        local function decode(s, record)
          local price, t, iso, id, arrived = string.match(record, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
          return { seq = s, price = price, t = tonumber(t), iso = iso, id = id, arrived = tonumber(arrived) }
        end

        -- Applies the buffered ticks that follow the last applied one, in order: one HMGET per 32 of them and one HDEL. A
        -- drain that found the next one missing is not repeated until `next` moves.
        local missing = nil
        local function drain()
          while st.bn > 0 and missing ~= st.next do
            local names = {}
            for i = 0, math.min(st.bn, 32) - 1 do names[#names + 1] = 'b:' .. (st.next + i) end
            local records = redis.call('HMGET', state, unpack(names))
            local taken = 0
            for i = 1, #names do
              if not records[i] then break end
              taken = i
              st.bn = st.bn - 1
              apply(decode(st.next, records[i]))
              st.next = st.next + 1
            end
            if taken > 0 then redis.call('HDEL', state, unpack(names, 1, taken)) end
            if taken < #names then missing = st.next end
          end
        end

        -- Ticks waiting behind a gap: skip the gap when too many wait or the oldest waited too long.
        local function skipGaps()
          if st.bn == 0 or (st.bn <= maxBuffered and (st.bsince == nil or now - st.bsince < gapTimeout)) then return end
          local seqs = {}
          for _, name in ipairs(redis.call('HKEYS', state)) do
            if string.sub(name, 1, 2) == 'b:' then seqs[#seqs + 1] = tonumber(string.sub(name, 3)) end
          end
          table.sort(seqs)
          local since = nil
          local waiting = false
          for _, s in ipairs(seqs) do
            local field = 'b:' .. s
            local tk = decode(s, redis.call('HGET', state, field))
            if not waiting and (s == st.next or st.bn > maxBuffered or now - tk.arrived >= gapTimeout) then
              if s ~= st.next then
                result(s, table.concat({ 'a', 'sequence_gap', tk.price, st.last or '', tk.iso, s, tk.id,
                  st.next .. '-' .. (s - 1) }, '|'))
              end
              redis.call('HDEL', state, field)
              st.bn = st.bn - 1
              apply(tk)
              st.next = s + 1
            else
              waiting = true
              if since == nil or tk.arrived < since then since = tk.arrived end
            end
          end
          st.bsince = since
          dirty = true
        end

        -- The ticks, applied in sequence order whatever order they came in (a tie: the first given goes first, the other is
        -- its duplicate). Each gets a status in the order given: 1 applied, 2 buffered, 3 duplicate.
        local ticks, order, statuses = {}, {}, {}
        for i = 13, #ARGV, 5 do
          local k = #ticks + 1
          ticks[k] = { seq = tonumber(ARGV[i]), price = ARGV[i + 1], t = tonumber(ARGV[i + 2]), tt = ARGV[i + 2], iso = ARGV[i + 3], id = ARGV[i + 4], k = k }
          order[k] = ticks[k]
        end
        table.sort(order, function(x, y) return x.seq < y.seq or (x.seq == y.seq and x.k < y.k) end)
        -- Duplicates by sequence number: their event ids, to take over their own unconfirmed results at once (below).
        local duplicates = nil
        for _, tk in ipairs(order) do
          -- A gap before this tick: the ticks waiting in the state may fill it.
          if tk.seq > st.next then drain() end
          local status
          if tk.seq < st.next then
            status = 3
          elseif tk.seq == st.next then
            status = 1
            apply(tk)
            st.next = tk.seq + 1
          elseif redis.call('HSETNX', state, 'b:' .. tk.seq, table.concat({ tk.price, tk.tt, tk.iso, tk.id, now }, '|')) == 0 then
            status = 3
          else
            status = 2
            st.bn = st.bn + 1
            if st.bsince == nil or now < st.bsince then st.bsince = now end
            dirty = true
          end
          if status == 3 then
            duplicates = duplicates or {}
            local key = tostring(tk.seq)
            duplicates[key] = duplicates[key] or {}
            table.insert(duplicates[key], tk.id)
          end
          statuses[tk.k] = status
        end
        if #ticks > 0 then
          drain()
          if st.bn == 0 then st.bsince = nil end
        end
        skipGaps()

        -- Results not yet confirmed by a handler: the ones made now, those whose lease ran out, and, for a redelivery of the
        -- tick that made them (same event id: its earlier attempt failed or its consumer died), those at once. A republished
        -- tick (new event id) leaves them to the lease: the first delivery may still be publishing them.
        local deadline = now + lease
        local out = {}
        if st.rdue ~= nil and (duplicates ~= nil or now >= st.rdue) then
          local all = redis.call('HGETALL', state)
          local hash = {}
          for i = 1, #all, 2 do hash[all[i]] = all[i + 1] end
          local due, renewed = nil, {}
          for name, value in pairs(hash) do
            local payload = hash['r:' .. string.sub(name, 4)]
            if string.sub(name, 1, 3) == 'rd:' and payload then
              local id = string.sub(name, 4)
              local s, k = string.match(id, '^(%d+)%.(%d+)$')
              local until_ = tonumber(value)
              local take = until_ <= now
              if not take and duplicates ~= nil and duplicates[s] then
                for _, eventId in ipairs(duplicates[s]) do
                  if string.find(payload, eventId, 1, true) then take = true end
                end
              end
              if take then
                out[#out + 1] = { id = id, s = tonumber(s), k = tonumber(k), payload = payload }
                renewed[#renewed + 1] = name
                renewed[#renewed + 1] = deadline
                until_ = deadline
              end
              if due == nil or until_ < due then due = until_ end
            end
          end
          if #renewed > 0 then redis.call('HSET', state, unpack(renewed)) end
          st.rdue = due
          dirty = true
        end
        if #made > 0 then
          local fields = {}
          for _, r in ipairs(made) do
            fields[#fields + 1] = 'r:' .. r.id
            fields[#fields + 1] = r.payload
            fields[#fields + 1] = 'rd:' .. r.id
            fields[#fields + 1] = deadline
            out[#out + 1] = r
          end
          redis.call('HSET', state, unpack(fields))
          if st.rdue == nil or deadline < st.rdue then st.rdue = deadline end
          dirty = true
        end
        -- In the order they were made: a trend's end before the next one's start, a tick's results together.
        table.sort(out, function(x, y) return x.s < y.s or (x.s == y.s and x.k < y.k) end)

        if dirty then
          -- Numbers go as Lua numbers: Redis writes them with %.17g, which reads back as the same double.
          local fields = { 'next', st.next, 'n', st.n, 'ss', st.ss, 'sl', st.sl,
            'rg', st.rg, 'rl', st.rl, 'sig_sma', st.sma, 'sig_ema', st.ema, 'sig_rsi', st.rsi, 'bn', st.bn }
          if ws ~= nil then
            fields[#fields + 1] = 'ws'; fields[#fields + 1] = table.concat(ws, ',')
            fields[#fields + 1] = 'wl'; fields[#fields + 1] = table.concat(wl, ',')
          end
          if st.last then fields[#fields + 1] = 'last'; fields[#fields + 1] = st.last end
          if st.lastt then fields[#fields + 1] = 'lastt'; fields[#fields + 1] = st.lastt end
          if st.es then
            fields[#fields + 1] = 'es'; fields[#fields + 1] = st.es
            fields[#fields + 1] = 'el'; fields[#fields + 1] = st.el
          end
          if st.bsince then fields[#fields + 1] = 'bsince'; fields[#fields + 1] = st.bsince end
          if st.rdue then fields[#fields + 1] = 'rdue'; fields[#fields + 1] = st.rdue end
          redis.call('HSET', state, unpack(fields))
          local gone = {}
          if not st.bsince and f[17] then gone[#gone + 1] = 'bsince' end
          if not st.rdue and f[18] then gone[#gone + 1] = 'rdue' end
          if #gone > 0 then redis.call('HDEL', state, unpack(gone)) end
        end
        if sideChanges ~= nil and #sideChanges > 0 then redis.call('HSET', alerts, unpack(sideChanges)) end
        local reply = { applied, st.next, #ticks }
        for k = 1, #ticks do reply[#reply + 1] = statuses[k] end
        for _, r in ipairs(out) do
          reply[#reply + 1] = r.id
          reply[#reply + 1] = r.payload
        end
        return reply
        """);
}
