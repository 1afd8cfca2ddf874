// 疫情追溯 the trace map: runs POST /api/traces or opens GET /api/traces/{id} with the console's session token, and
// draws places by their coordinates (places without any on a column at the right) with movements as arrows.
"use strict";
(() => {
  const token = sessionStorage.getItem("eartag.token");
  const $ = (s) => document.querySelector(s);
  const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  if (!token) { $("#signin").hidden = false; $("#run").hidden = true; return; }

  async function call(method, url, body) {
    const response = await fetch(url, {
      method, headers: { Authorization: "Bearer " + token, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`${response.status} ${json.title || ""} ${json.detail || ""}`);
    return json;
  }

  function draw(trace) {
    const svg = $("#map");
    const width = svg.clientWidth || 1000, height = svg.clientHeight || 460, pad = 30, side = 160;
    const located = trace.places.filter((p) => p.longitude != null && p.latitude != null);
    const xs = located.map((p) => +p.longitude), ys = located.map((p) => +p.latitude);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const spanX = x1 - x0 || 0.01, spanY = y1 - y0 || 0.01;
    const at = new Map();
    let column = 0;
    for (const p of trace.places) {
      if (p.longitude != null && p.latitude != null)
        at.set(p.id, [pad + ((+p.longitude - x0) / spanX) * (width - 2 * pad - side), height - pad - ((+p.latitude - y0) / spanY) * (height - 2 * pad)]);
      else at.set(p.id, [width - side + 20, pad + 22 * column++]);
    }
    for (const o of trace.outOfScope) at.set("county:" + o.countyCode, [width - side + 20, pad + 22 * column++]);
    const parts = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#1f5f99"/></marker></defs>'];
    for (const m of trace.movements) {
      const a = at.get(m.from), b = at.get(m.to);
      if (!a || !b) continue;
      parts.push(`<line class="move ${m.kind}" x1="${a[0]}" y1="${a[1]}" x2="${b[0]}" y2="${b[1]}"><title>${esc(m.date)} ${esc(m.certificateNumber || "无证明 turned up")} · ${m.count} 头</title></line>`);
    }
    for (const p of trace.places) {
      const [x, y] = at.get(p.id);
      parts.push(`<circle class="place hop${p.hop > 2 ? "n" : p.hop}" cx="${x}" cy="${y}" r="${5 + Math.min(8, Math.log2(1 + p.animals))}"><title>${esc(p.name || p.address)} (${esc(p.farmCode || p.regionCode)}) · ${p.animals} 头</title></circle>`);
      parts.push(`<text x="${x + 9}" y="${y + 3}">${esc(p.name || p.address || p.id)}</text>`);
    }
    for (const o of trace.outOfScope) {
      const [x, y] = at.get("county:" + o.countyCode);
      parts.push(`<rect x="${x - 6}" y="${y - 6}" width="12" height="12" fill="#95a5a6"/><text x="${x + 9}" y="${y + 3}">${esc(o.countyCode)} 辖区外 ${o.places} 处 ${o.animals} 头</text>`);
    }
    svg.innerHTML = parts.join("");
  }

  function show(trace) {
    $("#status").textContent = `追溯 #${trace.id} · ${trace.start} (${trace.startKind}) · ${trace.places.length} 处 places · ${trace.movements.length} 次移动 movements · ${trace.elapsedMs.toFixed(0)} ms`;
    history.replaceState(null, "", "#" + trace.id);
    draw(trace);
    const tasks = trace.tasks.map((county) => `<h2>${esc(county.countyCode)} ${esc(county.countyName)}</h2><table><tr><th>环节</th><th>养殖场</th><th>名称</th><th>联系人</th><th>电话</th><th>地址</th><th>头数</th><th>耳标号段</th></tr>${
      county.visits.map((v) => `<tr><td>${v.hop} ${v.role === "back" ? "回溯" : "追踪"}</td><td>${esc(v.farmCode)}</td><td>${esc(v.name)}</td><td>${esc(v.contact)}</td><td>${esc(v.phone)}</td><td>${esc(v.address)}</td><td>${v.animals}</td><td>${esc(v.ranges)}</td></tr>`).join("")}</table>`).join("");
    $("#details").innerHTML = `<p><a id="xlsx" href="#">下载任务表 tasks.xlsx</a></p>${tasks}`;
    $("#xlsx").onclick = async (e) => {
      e.preventDefault();
      const r = await fetch(`/api/traces/${trace.id}/tasks.xlsx`, { headers: { Authorization: "Bearer " + token } });
      const url = URL.createObjectURL(await r.blob());
      Object.assign(document.createElement("a"), { href: url, download: `追溯排查任务-${trace.id}.xlsx` }).click();
    };
  }

  async function open(id) {
    try { show(await call("GET", `/api/traces/${encodeURIComponent(id)}`)); } catch (e) { $("#status").textContent = e.message; }
  }

  $("#run").onsubmit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    $("#status").textContent = "追溯中 tracing…";
    try { show(await call("POST", "/api/traces", { start: f.get("start").trim(), days: +f.get("days"), depth: +f.get("depth") })); }
    catch (err) { $("#status").textContent = err.message; }
  };
  $("#open").onclick = () => { const id = $("#run").elements.id.value; if (id) open(id); };
  if (/^#\d+$/.test(location.hash)) open(location.hash.slice(1));
})();
