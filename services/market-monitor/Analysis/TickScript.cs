using Fleet.Redis;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// The per-tick script (docs/services/market-monitor.md, "Analysis and price alerts"; ADR 0008): in one atomic step on
/// the symbol's state hash it drops a tick already applied or buffered, buffers a tick ahead of a missing sequence
/// number, applies the ticks that are next in sequence (indicators, trend transitions, anomalies, price alert crossings,
/// <c>PUBLISH price.updated.{SYMBOL}</c>), skips gaps that waited too long, and keeps every result it made in the state
/// until a handler confirms it was published.
/// </summary>
/// <remarks>
/// Reply: <c>[status, ticks applied, next sequence, id₁, payload₁, id₂, payload₂, …]</c>; status 0 swept, 1 applied,
/// 2 buffered, 3 duplicate. A result id is <c>{sequence}.{n}</c> (unique within the symbol: a sequence is applied once);
/// its payload is <see cref="ResultCodec"/>'s format. Lua numbers are doubles: averages and RSI are computed in double and
/// rounded when read; prices travel as the decimal text they came with.
/// </remarks>
internal static class TickScript
{
    /// <summary>Status 0: no tick (the sweep).</summary>
    public const long Swept = 0;

    /// <summary>The state hash fields a result and its lease live in.</summary>
    public const string ResultField = "r:";

    /// <summary>The state hash field of a result's lease deadline.</summary>
    public const string LeaseField = "rd:";

    public static readonly RedisScript Script = new("""
        -- KEYS[1] the symbol's state hash, KEYS[2] the symbol's price alerts hash.
        -- ARGV: 1 sequence (0 = sweep only), 2 price (decimal text), 3 time (unix ms), 4 time (RFC 3339), 5 event id,
        -- 6 now (unix ms), 7 short window, 8 long window, 9 RSI period, 10 max jump %, 11 max buffered ticks,
        -- 12 gap timeout ms, 13 result lease ms, 14 RSI overbought, 15 RSI oversold, 16 symbol, 17 Pub/Sub channel.
        local state, alerts = KEYS[1], KEYS[2]
        local seq = tonumber(ARGV[1])
        local now = tonumber(ARGV[6])
        local S, L, P = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
        local maxJump, maxBuffered = tonumber(ARGV[10]), tonumber(ARGV[11])
        local gapTimeout, lease = tonumber(ARGV[12]), tonumber(ARGV[13])
        local overbought, oversold = tonumber(ARGV[14]), tonumber(ARGV[15])
        local symbol, channel = ARGV[16], ARGV[17]

        local f = redis.call('HMGET', state, 'next', 'n', 'last', 'lastt', 'ws', 'wl', 'ss', 'sl', 'es', 'el', 'rg', 'rl',
          'sig_sma', 'sig_ema', 'sig_rsi', 'bn', 'bsince', 'rdue')
        local st = {
          next = tonumber(f[1]) or 1, n = tonumber(f[2]) or 0, last = f[3], lastt = tonumber(f[4]),
          ws = f[5] or '', wl = f[6] or '', ss = tonumber(f[7]) or 0, sl = tonumber(f[8]) or 0,
          es = tonumber(f[9]), el = tonumber(f[10]), rg = tonumber(f[11]) or 0, rl = tonumber(f[12]) or 0,
          sma = f[13] or '', ema = f[14] or '', rsi = f[15] or '',
          bn = tonumber(f[16]) or 0, bsince = tonumber(f[17]), rdue = tonumber(f[18]),
        }
        local dirty = false
        local applied = 0
        local out = {}
        local fresh = {}
        local resultSeq, resultK = -1, 0
        local alertDefs, sideChanges = nil, nil

        local function num(x) return string.format('%.17g', x) end

        local function result(s, payload)
          if s ~= resultSeq then resultSeq, resultK = s, 0 end
          resultK = resultK + 1
          local id = s .. '.' .. resultK
          fresh[#fresh + 1] = id
          out[#out + 1] = id
          out[#out + 1] = payload
        end

        -- The windows are comma-separated price texts, oldest first: ws the last S prices, wl the last L + 1 (the price L
        -- ticks ago is the base of the % change). The sums ss and sl are kept running, so a tick reads only the first
        -- element of each window instead of parsing them.
        local function first(text)
          local comma = string.find(text, ',', 1, true)
          return comma and string.sub(text, 1, comma - 1) or text
        end

        local function rest(text)
          local comma = string.find(text, ',', 1, true)
          return comma and string.sub(text, comma + 1) or ''
        end

        local function push(text, price)
          return text == '' and price or (text .. ',' .. price)
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
          for _, a in ipairs(alertDefs) do a.side = sides[a.id] end
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
          local p = tonumber(tk.price)
          if st.last then
            local prev = tonumber(st.last)
            -- |p - prev| / prev > max %, multiplied out: no division, so a move of exactly the limit is not flagged by rounding.
            if math.abs(p - prev) * 100 > maxJump * prev then
              result(tk.seq, table.concat({ 'a', 'huge_jump', tk.price, st.last, tk.iso, tk.seq, tk.id, '' }, '|'))
            end
          end
          local prevPrice = st.last and tonumber(st.last)
          local n = st.n + 1
          st.n = n
          -- Short window: the oldest of S prices leaves it.
          if n > S then
            st.ss = st.ss - tonumber(first(st.ws))
            st.ws = rest(st.ws)
          end
          st.ws = push(st.ws, tk.price)
          st.ss = st.ss + p
          -- Long window of L + 1 prices: drop the oldest; the new oldest is the base and leaves the sum of the last L.
          if n > L + 1 then st.wl = rest(st.wl) end
          st.wl = push(st.wl, tk.price)
          local base = tonumber(first(st.wl))
          st.sl = st.sl + p
          if n > L then st.sl = st.sl - base end
          local a = 2 / (S + 1)
          local b = 2 / (L + 1)
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
          redis.call('PUBLISH', channel, '{"event_type":"price.updated","symbol":"' .. symbol .. '","price":"' .. tk.price ..
            '","timestamp":"' .. tk.iso .. '"}')
          st.last, st.lastt = tk.price, tk.t
          applied = applied + 1
        end

        -- A buffered tick: price|time ms|time text|event id|arrival ms.
        local function decode(s, record)
          local price, t, iso, id, arrived = string.match(record, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
          return { seq = s, price = price, t = tonumber(t), iso = iso, id = id, arrived = tonumber(arrived) }
        end

        local function drain()
          while st.bn > 0 do
            local field = 'b:' .. st.next
            local record = redis.call('HGET', state, field)
            if not record then return end
            redis.call('HDEL', state, field)
            st.bn = st.bn - 1
            apply(decode(st.next, record))
            st.next = st.next + 1
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

        local status = 0
        if seq > 0 then
          if seq < st.next then
            status = 3
          elseif seq == st.next then
            status = 1
            apply({ seq = seq, price = ARGV[2], t = tonumber(ARGV[3]), iso = ARGV[4], id = ARGV[5] })
            st.next = seq + 1
            drain()
            if st.bn == 0 then st.bsince = nil end
          elseif redis.call('HSETNX', state, 'b:' .. seq, table.concat({ ARGV[2], ARGV[3], ARGV[4], ARGV[5], now }, '|')) == 0 then
            status = 3
          else
            status = 2
            st.bn = st.bn + 1
            if st.bsince == nil or now < st.bsince then st.bsince = now end
            dirty = true
          end
        end
        skipGaps()

        -- Results not yet confirmed by a handler: the ones made now, those whose lease ran out, and, for a redelivery of
        -- the tick that made them (same event id: its earlier attempt failed or its consumer died), those at once. A
        -- republished tick (new event id) leaves them to the lease: the first delivery may still be publishing them.
        local deadline = now + lease
        if st.rdue ~= nil and (status == 3 or now >= st.rdue) then
          local prefix, eventId = seq .. '.', ARGV[5]
          local all = redis.call('HGETALL', state)
          local hash = {}
          for i = 1, #all, 2 do hash[all[i]] = all[i + 1] end
          local due, taken = nil, {}
          for name, value in pairs(hash) do
            local payload = hash['r:' .. string.sub(name, 4)]
            if string.sub(name, 1, 3) == 'rd:' and payload then
              local id = string.sub(name, 4)
              local until_ = tonumber(value)
              if until_ <= now or (status == 3 and string.sub(id, 1, #prefix) == prefix and string.find(payload, eventId, 1, true)) then
                local s, k = string.match(id, '^(%d+)%.(%d+)$')
                taken[#taken + 1] = { id = id, s = tonumber(s), k = tonumber(k), payload = payload }
                redis.call('HSET', state, name, deadline)
                until_ = deadline
              end
              if due == nil or until_ < due then due = until_ end
            end
          end
          -- In the order they were made: a trend's end before the next one's start.
          table.sort(taken, function(x, y) return x.s < y.s or (x.s == y.s and x.k < y.k) end)
          for _, r in ipairs(taken) do
            out[#out + 1] = r.id
            out[#out + 1] = r.payload
          end
          st.rdue = due
          dirty = true
        end
        if #fresh > 0 then
          local i = 1
          for _, id in ipairs(fresh) do
            -- out holds id, payload pairs; fresh ids were added in order, before any reclaimed ones.
            redis.call('HSET', state, 'r:' .. id, out[i * 2], 'rd:' .. id, deadline)
            i = i + 1
          end
          if st.rdue == nil or deadline < st.rdue then st.rdue = deadline end
          dirty = true
        end

        if dirty then
          -- Numbers go as Lua numbers: Redis writes them with %.17g, which reads back as the same double.
          local fields = { 'next', st.next, 'n', st.n, 'ws', st.ws, 'wl', st.wl, 'ss', st.ss, 'sl', st.sl,
            'rg', st.rg, 'rl', st.rl, 'sig_sma', st.sma, 'sig_ema', st.ema, 'sig_rsi', st.rsi, 'bn', st.bn }
          if st.last then fields[#fields + 1] = 'last'; fields[#fields + 1] = st.last end
          if st.lastt then fields[#fields + 1] = 'lastt'; fields[#fields + 1] = st.lastt end
          if st.es then
            fields[#fields + 1] = 'es'; fields[#fields + 1] = st.es
            fields[#fields + 1] = 'el'; fields[#fields + 1] = st.el
          end
          redis.call('HSET', state, unpack(fields))
          local gone = {}
          if st.bsince then redis.call('HSET', state, 'bsince', st.bsince) elseif f[17] then gone[#gone + 1] = 'bsince' end
          if st.rdue then redis.call('HSET', state, 'rdue', st.rdue) elseif f[18] then gone[#gone + 1] = 'rdue' end
          if #gone > 0 then redis.call('HDEL', state, unpack(gone)) end
        end
        if sideChanges ~= nil and #sideChanges > 0 then redis.call('HSET', alerts, unpack(sideChanges)) end
        return { status, applied, st.next, unpack(out) }
        """);
}
