// The Fleet dashboard. Plain JavaScript, no build step: live figures from /dashboard/sse/stats, a live tail from
// /dashboard/sse/tail, everything else from the gateway's API with the X-Api-Key header. EventSource cannot send
// headers, so the two streams pass the key as ?access_token=. Text from events is only ever set as textContent.
"use strict";

(() => {
  const keyName = "fleet.apiKey";
  const jaegerUrl = (document.body.dataset.jaegerUrl || "").replace(/\/+$/, "");
  const colours = ["#2f6feb", "#c0262d", "#1a7f37", "#b54708", "#8250df", "#0a7ea4", "#bf3989", "#6e7781"];
  const $ = (id) => document.getElementById(id);
  const state = { stats: null, history: [], windowMs: 5 * 60 * 1000, statsSource: null, tailSource: null, tailStream: null };

  // --- helpers -------------------------------------------------------------------------------------------------------
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const key = () => sessionStorage.getItem(keyName);
  const number = (n) => (n === undefined || n === null ? "–" : Number(n).toLocaleString("en"));

  function setStatus(text, stateName) {
    const status = $("status");
    status.textContent = text;
    status.dataset.state = stateName;
  }

  // The trace id of a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>), or null.
  function traceIdOf(traceParent) {
    const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceParent || "");
    return match && !/^0+$/.test(match[1]) ? match[1] : null;
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({ "X-Api-Key": key() || "" }, body ? { "Content-Type": "application/json" } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status === 401) {
      askForKey("The key was refused (401).");
      throw new Error("401: the API key was refused");
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const detail = json && (json.detail || json.title) ? (json.detail || json.title) : response.statusText;
      const hint = response.status === 403 ? " (this needs an admin key)" : "";
      throw new Error(`${response.status}: ${detail}${hint}`);
    }
    return json;
  }

  // --- the key -------------------------------------------------------------------------------------------------------
  function askForKey(message) {
    closeSources();
    $("panels").hidden = true;
    $("key-form").hidden = false;
    $("key-error").hidden = !message;
    $("key-error").textContent = message || "";
    setStatus("not connected", "idle");
    $("key-input").focus();
  }

  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(keyName, $("key-input").value.trim());
    $("key-input").value = "";
    start();
  });
  $("change-key").addEventListener("click", () => askForKey());

  function closeSources() {
    if (state.statsSource) state.statsSource.close();
    state.statsSource = null;
    stopTail();
  }

  // --- stats ---------------------------------------------------------------------------------------------------------
  function start() {
    $("key-form").hidden = true;
    $("panels").hidden = false;
    closeSources();
    setStatus("connecting…", "idle");
    const source = new EventSource(`sse/stats?access_token=${encodeURIComponent(key())}`);
    state.statsSource = source;
    source.addEventListener("history", (e) => {
      const history = JSON.parse(e.data);
      state.windowMs = history.windowMs || state.windowMs;
      state.history = history.samples || [];
    });
    source.addEventListener("stats", (e) => {
      setStatus("live", "live");
      const stats = JSON.parse(e.data);
      state.stats = stats;
      remember(stats);
      renderStats(stats);
    });
    source.addEventListener("unavailable", (e) => setStatus(`stats unavailable: ${JSON.parse(e.data)}`, "down"));
    source.onerror = async () => {
      if (source.readyState !== EventSource.CLOSED) {
        setStatus("reconnecting…", "down");
        return;
      }
      // Closed for good: a refused key (401) or a gateway that is gone. Ask the API which.
      try {
        await api("GET", "/events/stats");
        setStatus("disconnected; reload to try again", "down");
      } catch (error) {
        setStatus(String(error.message), "down");
      }
    };
  }

  function remember(stats) {
    const lags = {};
    for (const stream of stats.streams || []) {
      for (const group of stream.groups || []) lags[`${stream.stream}/${group.group}`] = group.lag;
    }
    const t = Date.parse(stats.sampledAt) || Date.now();
    state.history.push({ t, lags });
    while (state.history.length && state.history[0].t < t - state.windowMs) state.history.shift();
  }

  function renderStats(stats) {
    const streams = stats.streams || [];
    const streamRows = streams.map((s) => el("tr", { class: "selectable", "data-stream": s.stream, onclick: () => follow(s.stream) },
      el("td", null, s.stream),
      el("td", { class: "num length" }, number(s.length)),
      el("td", { class: "num rate" }, s.rate === undefined || s.rate === null ? "–" : s.rate.toFixed(1)),
      el("td", { class: "num dead-letters" }, number(s.deadLetters)),
      el("td", { class: "num parked" }, number(s.parked)),
      el("td", { class: "muted" }, s.lastEntryId || "–")));
    $("streams").tBodies[0].replaceChildren(...streamRows);

    const archive = stats.archive;
    $("archive-size").textContent = archive
      ? `Archive: ${number(archive.events)} events, ${number(archive.deadLetters)} dead letters, ${number(archive.parked)} parked, ${(archive.bytes / 1048576).toFixed(1)} MiB`
      : "";

    const groupRows = [];
    for (const s of streams) {
      for (const g of s.groups || []) {
        const consumers = (g.consumers || []).map((c) => `${c.name} (${number(c.pending)} pending, idle ${(c.idleMs / 1000).toFixed(0)} s)`).join(", ");
        groupRows.push(el("tr", { "data-group": `${s.stream}/${g.group}` },
          el("td", null, s.stream), el("td", null, g.group),
          el("td", { class: "num" + (g.lag > 1000 ? " warn" : "") }, number(g.lag)),
          el("td", { class: "num" }, number(g.pending)),
          el("td", { class: "muted" }, consumers || "none")));
      }
    }
    $("groups").tBodies[0].replaceChildren(...groupRows);
    renderChart();
    fillStreamChoices(streams.map((s) => s.stream));
  }

  function fillStreamChoices(names) {
    for (const id of ["dl-stream", "tail-stream"]) {
      const select = $(id);
      const current = [...select.options].map((o) => o.value).join(",");
      if (current === names.join(",")) continue;
      const chosen = select.value;
      select.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
      if (names.includes(chosen)) select.value = chosen;
    }
  }

  // One polyline per group: lag over the kept window, newest on the right.
  function renderChart() {
    const svg = $("lag-chart");
    const width = 600, height = 160, top = 14, bottom = 150;
    const now = state.history.length ? state.history[state.history.length - 1].t : Date.now();
    const series = {};
    for (const sample of state.history) {
      for (const [name, lag] of Object.entries(sample.lags)) (series[name] = series[name] || []).push([sample.t, lag]);
    }
    const names = Object.keys(series).sort();
    const max = Math.max(1, ...names.flatMap((n) => series[n].map((p) => p[1])));
    const x = (t) => width - ((now - t) / state.windowMs) * width;
    const y = (lag) => bottom - (lag / max) * (bottom - top);
    const ns = "http://www.w3.org/2000/svg";
    const children = [];
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", "4"); label.setAttribute("y", "11");
    label.textContent = `max lag ${number(max)} · last ${Math.round(state.windowMs / 60000)} min`;
    children.push(label);
    names.forEach((name, i) => {
      const line = document.createElementNS(ns, "polyline");
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", colours[i % colours.length]);
      line.setAttribute("stroke-width", "2");
      line.setAttribute("vector-effect", "non-scaling-stroke");
      line.setAttribute("points", series[name].map(([t, lag]) => `${x(t).toFixed(1)},${y(lag).toFixed(1)}`).join(" "));
      children.push(line);
    });
    svg.replaceChildren(...children);
    $("lag-legend").replaceChildren(...names.map((name, i) =>
      el("li", null, el("i", { style: `background:${colours[i % colours.length]}` }), name)));
  }

  // --- dead letters --------------------------------------------------------------------------------------------------
  async function showDeadLetters() {
    const stream = $("dl-stream").value, kind = $("dl-kind").value;
    if (!stream) return;
    $("dl-message").textContent = "loading…";
    try {
      const page = await api("GET", `/dead-letters?stream=${encodeURIComponent(stream)}&kind=${kind}&limit=100`);
      const entries = page.entries || [];
      $("dl-message").textContent = entries.length ? "" : `No ${kind === "dlq" ? "dead letters" : "parked entries"} on ${stream}.`;
      $("dead-letters").tBodies[0].replaceChildren(...entries.map((d) => el("tr", { "data-entry-id": d.entryId },
        el("td", { class: "muted" }, d.entryId),
        el("td", null, d.type || "?"),
        el("td", null, `${d.errorType || "?"}: ${d.error || ""}`),
        el("td", null, d.group || ""),
        el("td", { class: "muted" }, d.failedAt || ""),
        el("td", { class: "num" }, number(d.redrives)),
        el("td", null, kind === "parked" ? [
          el("button", { type: "button", class: "admin redrive", onclick: () => act("redrive", stream, [d.entryId]) }, "Re-drive"),
          " ",
          el("button", { type: "button", class: "admin danger purge", onclick: () => act("purge", stream, [d.entryId]) }, "Purge"),
        ] : "handled by the reaper"))));
    } catch (error) {
      $("dl-message").textContent = error.message;
    }
  }

  // Re-drive and purge act on parked entries: the API publishes the request, dead-letter-reaper moves or deletes them.
  async function act(action, stream, entryIds) {
    const what = entryIds ? `${entryIds.length} entry` : `every parked entry of ${stream}`;
    if (action === "purge" && !confirm(`Purge ${what}? This cannot be undone.`)) return;
    try {
      const body = entryIds ? { stream, entryIds } : { stream };
      const answer = await api("POST", `/dead-letters/${action}`, body);
      $("dl-message").textContent = `${action === "redrive" ? "Re-drive" : "Purge"} of ${what} requested (request ${answer.requestId}); dead-letter-reaper carries it out.`;
      setTimeout(showDeadLetters, 1500);
    } catch (error) {
      $("dl-message").textContent = error.message;
    }
  }

  $("dl-refresh").addEventListener("click", showDeadLetters);
  $("dl-kind").addEventListener("change", showDeadLetters);
  $("dl-stream").addEventListener("change", showDeadLetters);
  $("dl-redrive-all").addEventListener("click", () => { $("dl-kind").value = "parked"; act("redrive", $("dl-stream").value, null); });
  $("dl-purge-all").addEventListener("click", () => { $("dl-kind").value = "parked"; act("purge", $("dl-stream").value, null); });

  // --- events (tail and conversation) --------------------------------------------------------------------------------
  function eventItem(e) {
    const traceId = traceIdOf(e.traceParent);
    const trace = traceId && jaegerUrl ? el("a", { href: `${jaegerUrl}/trace/${traceId}`, target: "_blank", rel: "noopener", class: "trace" }, "trace") : null;
    if (e.malformed) {
      return el("li", { class: "malformed", "data-entry-id": e.entryId },
        el("span", { class: "type" }, "malformed entry"), el("span", { class: "when" }, `${e.stream} ${e.entryId}`), el("span"),
        el("span", { class: "ids" }, e.malformed),
        el("pre", null, (e.fields || []).map((f) => `${f.key} = ${f.value}`).join("\n")));
    }
    const correlation = e.correlationId
      ? el("a", { class: "id correlation", onclick: () => showConversation(e.correlationId) }, e.correlationId)
      : "none";
    return el("li", { "data-event-id": e.id, "data-entry-id": e.entryId },
      el("span", { class: "type" }, `${e.type} v${e.version}`),
      el("span", { class: "when" }, `${e.stream} · ${e.timestamp}`),
      trace || el("span"),
      el("span", { class: "ids" }, `id ${e.id} · entry ${e.entryId} · correlation `, correlation, e.userId ? ` · user ${e.userId}` : ""),
      el("pre", null, JSON.stringify(e.data)));
  }

  function follow(stream) {
    $("tail-stream").value = stream;
    startTail();
  }

  function startTail() {
    stopTail();
    const stream = $("tail-stream").value;
    if (!stream) return;
    state.tailStream = stream;
    $("tail").replaceChildren();
    $("tail-state").textContent = `connecting to ${stream}…`;
    $("tail-toggle").textContent = "Stop";
    const source = new EventSource(`sse/tail?stream=${encodeURIComponent(stream)}&access_token=${encodeURIComponent(key())}`);
    state.tailSource = source;
    source.addEventListener("ready", (e) => { $("tail-state").textContent = `following ${stream} after ${JSON.parse(e.data)}`; $("tail-state").dataset.ready = stream; });
    source.addEventListener("entry", (e) => {
      const list = $("tail");
      list.prepend(eventItem(JSON.parse(e.data)));
      while (list.children.length > 200) list.lastChild.remove();
    });
    source.addEventListener("unavailable", (e) => { $("tail-state").textContent = `Redis unavailable, retrying: ${JSON.parse(e.data)}`; });
    source.addEventListener("heartbeat", () => { $("tail-state").textContent = `following ${stream}`; });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) $("tail-state").textContent = "the tail closed (key refused or too many tails); press Follow to try again";
    };
  }

  function stopTail() {
    if (state.tailSource) state.tailSource.close();
    state.tailSource = null;
    state.tailStream = null;
    $("tail-toggle").textContent = "Follow";
    delete $("tail-state").dataset.ready;
  }

  $("tail-toggle").addEventListener("click", () => (state.tailSource ? (stopTail(), ($("tail-state").textContent = "stopped")) : startTail()));
  $("tail-stream").addEventListener("change", () => { if (state.tailSource) startTail(); });

  async function showConversation(id) {
    $("conversation-id").value = id;
    $("conversation-message").textContent = "loading…";
    try {
      // A correlation id first; an event id gives the conversation it belongs to.
      let events = (await api("GET", `/events?correlationId=${encodeURIComponent(id)}&limit=500`)).events || [];
      if (!events.length) {
        const answer = await api("GET", `/events/${encodeURIComponent(id)}/conversation`).catch(() => null);
        events = Array.isArray(answer) ? answer : (answer && answer.events) || [];
      }
      $("conversation-message").textContent = events.length ? `${events.length} event(s), oldest first` : "No archived event has this id.";
      $("conversation").replaceChildren(...events.map(eventItem));
    } catch (error) {
      $("conversation-message").textContent = error.message;
    }
  }

  $("conversation-form").addEventListener("submit", (e) => { e.preventDefault(); showConversation($("conversation-id").value.trim()); });

  if (key()) start(); else askForKey();
})();
