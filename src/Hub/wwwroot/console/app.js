import { fieldRoutes, homeOf, showNavFor } from "./pages.js";
import { originMapView } from "./map.js";
import { rolloutView } from "./rollout.js";

// EarTagTrace console: a small single-page app on the hub's own /api, no framework and nothing loaded from outside.
// Hash routes (#/journal, #/journal/42, …) keep every view linkable; the bearer token lives in sessionStorage only.

const main = document.getElementById("main");
const nav = document.getElementById("nav");

export const session = {
  get token() { return sessionStorage.getItem("eartag.token"); },
  get user() { return JSON.parse(sessionStorage.getItem("eartag.user") || "null"); },
  save(answer) {
    sessionStorage.setItem("eartag.token", answer.accessToken);
    sessionStorage.setItem("eartag.user", JSON.stringify({ username: answer.username, roles: answer.roles, region: answer.region }));
  },
  clear() { sessionStorage.removeItem("eartag.token"); sessionStorage.removeItem("eartag.user"); },
};

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (session.token) headers.Authorization = "Bearer " + session.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && path !== "/api/auth/login") {
    session.clear();
    location.hash = "#/login";
    throw new Error("登录已失效 signed out");
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { raw: text }; }
  return { status: response.status, ok: response.ok, json };
}

export const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
export const time = (v) => (v ? new Date(v).toLocaleString("zh-CN", { hour12: false }) : "");
export const problem = (r) => `<div class="error" role="alert"><b>${esc(r.json?.title ?? r.status)}</b> ${esc(r.json?.detail ?? r.json?.msg ?? "")}</div>`;
export const qs = (form) => new URLSearchParams([...new FormData(form)].filter(([, v]) => v !== "")).toString();
const pretty = (text) => { try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; } };
export const has = (role) => session.user?.roles?.includes(role);

export function show(html) { main.innerHTML = html; }

// ---- sign-in ---------------------------------------------------------------------------------------------------
function loginView() {
  nav.hidden = true;
  main.classList.add("wide");
  show(`<form class="login" id="login">
      <h1>登录 Sign in</h1>
      <label>用户名 Username <input name="username" autocomplete="username" required></label>
      <label>密码 Password <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">登录</button>
      <div id="login-error"></div>
    </form>`);
  document.getElementById("login").onsubmit = async (e) => {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.target));
    const r = await api("POST", "/api/auth/login", form);
    if (!r.ok) { document.getElementById("login-error").innerHTML = problem(r); return; }
    session.save(r.json);
    location.hash = homeOf(session.user);
  };
}

// ---- journal -------------------------------------------------------------------------------------------------------
async function journalView(params, alive) {
  const p = new URLSearchParams(params);
  show(`<h1>报文日志 Message journal</h1>
    <form class="filters" id="f">
      <label>业务键 Key<input name="key" placeholder="养殖场/耳标/单号/车牌" value="${esc(p.get("key"))}"></label>
      <label>全文 Text<input name="q" value="${esc(p.get("q"))}"></label>
      <label>来源 Source<select name="source">${opts(["", "farm-registry", "djet", "sheet"], p.get("source"))}</select></label>
      <label>类型 Type<input name="type" value="${esc(p.get("type"))}"></label>
      <label>状态 Status<select name="status">${opts(["", "accepted", "refused", "failed"], p.get("status"))}</select></label>
      <label>养殖场 Farm<input name="farm" value="${esc(p.get("farm"))}"></label>
      <label>报文号 Partner id<input name="partnerId" value="${esc(p.get("partnerId"))}"></label>
      <label>从 From<input name="from" type="datetime-local" value="${esc(p.get("from"))}"></label>
      <label>到 To<input name="to" type="datetime-local" value="${esc(p.get("to"))}"></label>
      <button>查询 Search</button>
    </form><div id="list">加载中…</div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/journal?" + qs(e.target); };
  const query = new URLSearchParams(params);
  for (const k of ["from", "to"]) if (query.get(k)) query.set(k, new Date(query.get(k)).toISOString());
  const r = await api("GET", "/api/journal?" + query);
  if (!alive()) return;
  const list = document.getElementById("list");
  if (!r.ok) { list.innerHTML = problem(r); return; }
  list.innerHTML = table(["#", "时间 Received", "来源 Source", "类型 Type", "报文号 Partner id", "状态 Status", "原因 Reasons", "养殖场 Farms"],
    r.json.items.map((j) => ({
      href: `#/journal/${j.id}`,
      cells: [j.id, time(j.receivedAt), j.source, j.type, j.partnerId ?? "", `<span class="status-${j.status}">${esc(j.status)}</span>`,
        esc((j.reasons ?? []).map((x) => x.code).join(", ")), esc(few(j.farms ?? []))],
    })), true) + (r.json.nextBefore ? `<p><a href="#/journal?${new URLSearchParams({ ...Object.fromEntries(p), before: r.json.nextBefore })}">下一页 Older →</a></p>` : "");
}

async function entryView(id, alive = () => true) {
  show("加载中…");
  const r = await api("GET", `/api/journal/${id}`);
  if (!alive()) return;
  if (!r.ok) { show(problem(r)); return; }
  const j = r.json;
  const edits = j.edits ?? [];
  show(`<h1>报文 #${j.id} <span class="status-${j.status}">${esc(j.status)}</span></h1>
    <div class="row">
      <div class="card"><b>${esc(j.source)} / ${esc(j.type)}</b><br>接收 ${time(j.receivedAt)} · ${j.processingMs?.toFixed?.(1) ?? ""} ms
        ${j.partnerId ? `<br>报文号 ${esc(j.partnerId)}` : ""}
        ${j.replayOf ? `<br>重放自 replay of <a href="#/journal/${j.replayOf}">#${j.replayOf}</a>` : ""}
        ${(j.children ?? []).map((c) => `<br>重放为 replayed as <a href="#/journal/${c.id}">#${c.id}</a> <span class="status-${esc(c.status)}">${esc(c.status)}</span>${c.editId ? `（修改 #${c.editId}）` : ""}`).join("")}
        ${(j.keys ?? []).length ? `<br>业务键 keys: ${esc(few(j.keys, 8))}` : ""}</div>
      <div class="card"><b>原因 Reasons</b>${(j.reasons ?? []).length === 0 ? "<br>—" : "<ul>" + j.reasons.map((x) =>
        `<li><b>${esc(x.code)}</b> ${esc(x.detail)} ${x.path ? `<span class="muted">${esc(x.path)}</span>` : ""} ${x.tags ? esc(x.tags.join(", ")) : ""}</li>`).join("") + "</ul>"}</div>
    </div>
    <h2>原始报文 Raw</h2><pre id="raw">${esc(pretty(j.rawBody))}</pre>
    <div class="row">
      <div><h2>关联 Canonical links</h2>${table(["类型", "键"], (j.links ?? []).map((l) => ({ cells: [l.entityType, l.entityKey] })))}</div>
      <div><h2>上报 Deliveries</h2>${table(["#", "目的地", "键", "状态", "错误"], (j.deliveries ?? []).map((d) =>
        ({ cells: [d.id, d.destination, d.entityKey, `<span class="status-${d.status}">${esc(d.status)}</span>`, esc(d.lastError ?? "")] })), true)}</div>
    </div>
    ${edits.length ? `<h2>修改 Edits</h2>${table(["#", "状态", "修改人", "原因", "补丁 Patch", ""], edits.map((e) => ({
      cells: [e.id, `<span class="edit-status">${esc(e.status)}</span>${e.verdict ? ` → <b>${esc(e.verdict)}</b>` : ""}`, esc(e.editedBy ?? ""),
        esc(e.reason ?? ""), `<code>${esc(JSON.stringify(e.patch))}</code>`,
        String(e.status).toLowerCase() === "pending" && has("approver") && e.editedBy !== session.user?.username ? `<button data-approve="${e.id}">批准并重放 Approve</button>` : ""],
    })), true)}` : ""}
    ${has("engineer") ? `<h2>重放 Replay</h2>
      <div class="card">
        <label>原因 Reason<input id="reason" style="width:420px" placeholder="为何重放 why"></label>
        <p><button class="secondary" id="dry">试运行 Dry run</button> <button id="replay">重放 Replay</button>
        <label style="display:inline"><input type="checkbox" id="force" style="width:auto"> force</label></p>
        <div id="replay-result"></div>
      </div>
      <h2>编辑后重放 Edit and replay</h2>
      <div class="card"><p class="muted">修改报文，保存为 JSON Patch (RFC 6902)，原报文保留；由另一位审核人批准后重放。</p>
        <textarea id="edited" rows="12">${esc(pretty(j.rawBody))}</textarea>
        <p><button id="submit-edit">提交修改 Submit edit</button></p><div id="edit-result"></div></div>` : ""}`);
  const out = (target, res) => { document.getElementById(target).innerHTML = res.ok ? verdict(res.json) : problem(res); };
  const reason = () => document.getElementById("reason").value;
  document.getElementById("dry")?.addEventListener("click", async () =>
    out("replay-result", await api("POST", `/api/journal/${id}/replay?dryRun=true`, { reason: reason() })));
  document.getElementById("replay")?.addEventListener("click", async () => {
    const force = document.getElementById("force").checked ? "?force=true" : "";
    const res = await api("POST", `/api/journal/${id}/replay${force}`, { reason: reason() });
    out("replay-result", res);
  });
  document.getElementById("submit-edit")?.addEventListener("click", async () => {
    let edited;
    try { edited = JSON.parse(document.getElementById("edited").value); } catch (e) {
      document.getElementById("edit-result").innerHTML = `<div class="error">JSON 无效 invalid JSON: ${esc(e.message)}</div>`; return;
    }
    const patch = diff(JSON.parse(j.rawBody), edited);
    if (patch.length === 0) { document.getElementById("edit-result").innerHTML = `<div class="notice">没有修改 nothing changed</div>`; return; }
    const res = await api("POST", `/api/journal/${id}/edits`, { patch, reason: reason() || "edited in console" });
    document.getElementById("edit-result").innerHTML = res.ok
      ? `<div class="notice">已提交 #${esc(res.json.id)}，状态 ${esc(res.json.status)}；等待另一位审核人批准。<pre>${esc(JSON.stringify(patch, null, 2))}</pre></div>`
      : problem(res);
  });
  for (const b of main.querySelectorAll("[data-approve]"))
    b.addEventListener("click", async () => {
      const res = await api("POST", `/api/journal/edits/${b.dataset.approve}/approve`, {});
      if (!res.ok) { b.insertAdjacentHTML("afterend", problem(res)); return; }
      await entryView(id);
      main.insertAdjacentHTML("afterbegin", `<div id="approve-result">${verdict(res.json)}</div>`);
    });
}

function verdict(v) {
  const cls = v.verdict === "Accepted" ? "ok" : "bad";
  return `<div class="notice">结果 <b class="${cls}" id="verdict">${esc(v.verdict)}</b>${v.dryRun ? "（试运行，未写入 dry run）" : ""}
    ${v.journalId ? ` → <a href="#/journal/${v.journalId}">#${v.journalId}</a>` : ""}
    ${(v.reasons ?? []).map((x) => `<br><b>${esc(x.code)}</b> ${esc(x.detail)}`).join("")}</div>${canonicalDiff(v.diff)}`;
}

/** The canonical diff of a dry run: per entity, what the hub holds → what the message would make of it. */
function canonicalDiff(d) {
  if (!d) return "";
  if (!d.covered) return `<p class="muted">规范差异 canonical diff: ${esc(d.note ?? "")}</p>`;
  const names = { create: "新建 create", update: "更新 update", unchanged: "无变化 unchanged", older: "较旧，不应用 older", conflict: "同号不同内容，将被拒绝 conflict", invalid: "映射失败 invalid" };
  const held = (e, path) => path.split("/").slice(1).reduce((x, k) => (x == null ? x : x[k.replace(/~1/g, "/").replace(/~0/g, "~")]), e.held);
  const show = (x) => (x === undefined ? "" : typeof x === "object" ? JSON.stringify(x) : String(x));
  return `<div class="card" id="canonical-diff"><b>规范差异 Canonical diff</b>${d.note ? ` <span class="muted">${esc(d.note)}</span>` : ""}
    ${table(["实体 Entity", "变化 Change", "字段 Field", "现有 Held", "将为 Proposed"], d.entities.flatMap((e) => {
      const head = [esc(`${e.entityType} ${e.key}`), `<span data-change="${esc(e.change)}">${esc(names[e.change] ?? e.change)}</span>`];
      if (e.change === "invalid") return [{ cells: [...head, "", "", esc(e.violations.join("; "))] }];
      if (e.change === "create") return [{ cells: [...head, "", "", `<code>${esc(show(e.proposed))}</code>`] }];
      if (e.patch.length === 0) return [{ cells: [...head, "", "", ""] }];
      return e.patch.map((op, i) => ({ cells: [...(i === 0 ? head : ["", ""]), `<code>${esc(op.path)}</code>`, esc(show(held(e, op.path))), esc(show(op.value))] }));
    }), true)}</div>`;
}

/** RFC 6902 operations turning a into b: objects key by key, arrays element by element when their lengths match. */
function diff(a, b, path = "") {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  const seg = (k) => String(k).replace(/~/g, "~0").replace(/\//g, "~1");
  if (isObj(a) && isObj(b)) {
    const ops = [];
    for (const k of Object.keys(a)) if (!(k in b)) ops.push({ op: "remove", path: `${path}/${seg(k)}` });
    for (const k of Object.keys(b)) {
      if (!(k in a)) ops.push({ op: "add", path: `${path}/${seg(k)}`, value: b[k] });
      else ops.push(...diff(a[k], b[k], `${path}/${seg(k)}`));
    }
    return ops;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.flatMap((x, i) => diff(x, b[i], `${path}/${i}`));
  return [{ op: "replace", path, value: b }];
}

// ---- deliveries ------------------------------------------------------------------------------------------------
async function deliveriesView(params, alive) {
  const p = new URLSearchParams(params);
  show(`<h1>数据上报 Deliveries</h1>
    <form class="filters" id="f">
      <label>目的地 Destination<input name="destination" value="${esc(p.get("destination"))}" placeholder="national-cloud/farms"></label>
      <label>状态 Status<select name="status">${opts(["", "Pending", "Queued", "Delivered", "Rejected", "Retrying", "Failed"], p.get("status"))}</select></label>
      <label>键 Entity key<input name="entityKey" value="${esc(p.get("entityKey"))}"></label>
      <button>查询</button>
      ${has("engineer") ? `<button type="button" class="secondary" id="resend-all">重发筛选结果 Re-send matching</button>` : ""}
    </form><div id="msg"></div><div id="list">加载中…</div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/deliveries?" + qs(e.target); };
  document.getElementById("resend-all")?.addEventListener("click", async () => {
    const filter = Object.fromEntries(new URLSearchParams(params));
    const res = await api("POST", "/api/deliveries/resend", { ...filter, reason: "re-sent from the console" });
    document.getElementById("msg").innerHTML = res.ok ? `<div class="notice">已重发 ${esc(JSON.stringify(res.json))}</div>` : problem(res);
  });
  const r = await api("GET", "/api/deliveries?" + params);
  if (!alive()) return;
  const list = document.getElementById("list");
  if (!r.ok) { list.innerHTML = problem(r); return; }
  list.innerHTML = `<h2>合计 Totals</h2>` + table(["目的地", "状态", "条数"], r.json.totals.map((t) => ({ cells: [t.destination, t.status, t.items] })))
    + `<h2>条目 Items</h2>` + table(["#", "目的地", "键", "状态", "次数", "错误 Last error", "分类", "报文", ""], r.json.items.map((d) => ({
      cells: [d.id, d.destination, esc(d.entityKey), `<span class="status-${d.status}">${esc(d.status)}</span>`, d.attempts, esc(d.lastError ?? ""),
        esc(d.errorClass ?? ""), d.journalId ? `<a href="#/journal/${d.journalId}">#${d.journalId}</a>` : "",
        has("engineer") && ["Failed", "Rejected"].includes(d.status) ? `<button data-resend="${d.id}">重发 Re-send</button>` : ""],
    })), true);
  for (const b of list.querySelectorAll("[data-resend]"))
    b.addEventListener("click", async () => {
      const res = await api("POST", `/api/deliveries/${b.dataset.resend}/resend`, { reason: "console" });
      b.outerHTML = res.ok ? `<span class="ok" data-resent="${b.dataset.resend}">已重发 re-sent</span>` : problem(res);
    });
}

// ---- bulk replay -----------------------------------------------------------------------------------------------
function replaysView() {
  show(`<h1>批量重放 Bulk replay</h1>
    <form class="filters" id="f">
      <label>来源 Source<input name="source"></label><label>类型 Type<input name="type"></label>
      <label>状态 Status<select name="status">${opts(["refused", "failed", "accepted", ""], "refused")}</select></label>
      <label>业务键 Key<input name="key"></label>
      <label>原因 Reason<input name="reason" required></label>
      <label>试运行 Dry run<select name="dryRun">${opts(["true", "false"], "true")}</select></label>
      <button>开始 Start</button>
    </form><div id="run"></div>`);
  document.getElementById("f").onsubmit = async (e) => {
    e.preventDefault();
    const f = Object.fromEntries([...new FormData(e.target)].filter(([, v]) => v !== ""));
    const { reason, dryRun, ...filter } = f;
    const res = await api("POST", "/api/replays", { filter, reason, dryRun: dryRun === "true", force: false });
    const run = document.getElementById("run");
    if (!res.ok) { run.innerHTML = problem(res); return; }
    watchReplay(res.json.id, run);
  };
}

async function watchReplay(id, target) {
  // Polled, so a run of thousands of entries never holds a request (or the browser) open.
  for (;;) {
    const r = await api("GET", `/api/replays/${id}`);
    if (!r.ok) { target.innerHTML = problem(r); return; }
    const s = r.json;
    const state = String(s.state).toLowerCase();
    const pct = s.total ? Math.round((100 * s.done) / s.total) : 100;
    target.innerHTML = `<div class="card">运行 #${esc(id)} · ${esc(s.state)} · ${s.done}/${s.total}
      <div class="progress"><div style="width:${pct}%"></div></div>
      接受 accepted <b class="ok">${s.accepted ?? 0}</b> · 拒绝 refused <b class="bad">${s.refused ?? 0}</b>
      ${state === "running" ? `<button class="secondary" id="cancel">取消 Cancel</button>` : ""}</div>`;
    document.getElementById("cancel")?.addEventListener("click", () => api("DELETE", `/api/replays/${id}`));
    if (state !== "running" && state !== "pending") {
      // A finished dry run: what each entry would change, against what the hub holds now.
      if (s.dryRun && state === "completed") {
        const d = await api("GET", `/api/replays/${id}?diff=true&limit=100`);
        if (d.ok) target.insertAdjacentHTML("beforeend", d.json.results.map((x) =>
          `<p><a href="#/journal/${x.journalId}">#${x.journalId}</a> <b>${esc(x.verdict)}</b></p>${canonicalDiff(x.diff)}`).join(""));
      }
      return;
    }
    await new Promise((ok) => setTimeout(ok, 700));
  }
}

// ---- reconciliation --------------------------------------------------------------------------------------------
async function reconciliationsView(_, alive) {
  const today = new Date().toISOString().slice(0, 10);
  show(`<h1>对账 Reconciliation</h1>
    <form class="filters" id="f"><label>从 From<input name="from" type="date" value="${today}"></label>
      <label>到 To<input name="to" type="date" value="${today}"></label><button>查询</button>
      ${has("engineer") ? `<button type="button" class="secondary" id="run">立即对账 Run now</button>` : ""}</form><div id="list"></div>`);
  const load = async () => {
    const r = await api("GET", "/api/reconciliations?" + qs(document.getElementById("f")));
    if (!alive()) return;
    document.getElementById("list").innerHTML = !r.ok ? problem(r) : `<pre>${esc(JSON.stringify(r.json, null, 2))}</pre>`;
  };
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); load(); };
  document.getElementById("run")?.addEventListener("click", async () => {
    const f = Object.fromEntries(new FormData(document.getElementById("f")));
    const r = await api("POST", "/api/reconciliations", f);
    document.getElementById("list").innerHTML = r.ok ? `<pre>${esc(JSON.stringify(r.json, null, 2))}</pre>` : problem(r);
  });
  load();
}

// ---- rollout, trace, ledger, QR --------------------------------------------------------------------------------
function traceView(params, alive) {
  const tag = new URLSearchParams(params).get("tag") ?? "";
  show(`<h1>耳标追溯 Tag trace</h1><form class="filters" id="f"><label>耳标号 Tag (15 位)<input name="tag" value="${esc(tag)}" style="width:200px"></label><button>追溯</button></form><div id="out"></div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/trace?" + qs(e.target); };
  if (!tag) return;
  api("GET", `/api/tags/${encodeURIComponent(tag)}/trace`).then((r) => {
    if (!alive()) return;
    const out = document.getElementById("out");
    if (!r.ok) { out.innerHTML = problem(r); return; }
    const t = r.json;
    const names = { registered: "库存登记", firstIssuance: "一次发放", secondIssuance: "二次发放", declared: "检疫申报", certified: "产地检疫合格证明", cancelled: "注销" };
    out.innerHTML = `<div class="card">${esc(t.tag)} · ${esc(t.species)} · ${esc(t.countyName)} (${esc(t.countyCode)})
        · 当前持有 ${esc(JSON.stringify(t.currentHolder))}</div>
      <ol class="timeline">${t.steps.map((s) => `<li><b>${esc(names[s.step] ?? s.step)}</b> <span class="muted">${esc(s.step)}</span> · ${time(s.at)}
        ${s.from ? ` · 从 ${esc(s.from)}` : ""}${s.to ? ` → ${esc(s.to)}` : ""}${s.id ? ` · ${esc(s.id)}` : ""}
        ${s.journalId ? ` · <a href="#/journal/${s.journalId}">报文 #${s.journalId}</a>` : ""}</li>`).join("")}</ol>`;
  });
}

function ledgerView(params, alive) {
  const region = new URLSearchParams(params).get("region") ?? (session.user?.region?.length >= 6 ? session.user.region : "");
  show(`<h1>耳标台账 Tag ledger</h1><form class="filters" id="f"><label>县/乡镇代码 Region<input name="region" value="${esc(region)}"></label><button>查询</button></form><div id="out"></div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/ledger?" + qs(e.target); };
  if (!region) return;
  api("GET", `/api/tags/ledger?region=${encodeURIComponent(region)}`).then((r) => {
    if (!alive()) return;
    const out = document.getElementById("out");
    if (!r.ok) { out.innerHTML = problem(r); return; }
    out.innerHTML = `<p>${r.json.balanced ? `<span class="ok">账平 balanced</span>` : `<span class="bad">账不平 NOT balanced</span>`}</p>`
      + table(["单位", "登记 registered", "接收 received", "持有 held", "下发 issued onward", "注销 cancelled", "平衡"], r.json.lines.map((l) => ({
        cells: [`${esc(l.name)} <span class="muted">${l.code}</span>`, l.registered, l.received, l.held, l.issuedOnward, l.cancelled,
          l.balanced ? `<span class="ok">✔</span>` : `<span class="bad">✘</span>`],
      })), true);
  });
}

function qrView(params, alive = () => true) {
  const farm = new URLSearchParams(params).get("farm") ?? "";
  show(`<h1>养殖场二维码 Farm QR</h1><form class="filters" id="f"><label>养殖场编码 Farm code<input name="farm" value="${esc(farm)}" style="width:200px"></label><button>查询</button></form><div id="out"></div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/qr?" + qs(e.target); };
  if (!farm) return;
  (async () => {
    const r = await api("GET", `/api/farms/${encodeURIComponent(farm)}/qr`);
    if (!alive()) return;
    const out = document.getElementById("out");
    if (!r.ok) { out.innerHTML = problem(r); return; }
    const svg = await fetch(`/api/farms/${encodeURIComponent(farm)}/qr.svg`, { headers: { Authorization: "Bearer " + session.token } });
    const image = svg.ok ? await svg.text() : "";
    if (!alive()) return;
    out.innerHTML = `<div class="card qr">${image}<p>令牌 token <code>${esc(r.json.token)}</code><br>
      <span class="muted">${esc(r.json.payload)}</span><br>生成于 ${time(r.json.rotatedAt)}</p>
      <button id="rotate" class="secondary">更换令牌 Rotate</button></div>`;
    document.getElementById("rotate").onclick = async () => {
      if (!confirm("旧二维码将立即失效。继续？ The old code stops working at once.")) return;
      const res = await api("POST", `/api/farms/${encodeURIComponent(farm)}/qr/rotate`);
      if (res.ok) qrView(params); else out.insertAdjacentHTML("beforeend", problem(res));
    };
  })();
}

// ---- origin one map: map.js (MapLibre on the hub's tiles); clerk and collector pages: pages.js --------------------

// ---- helpers and routing ---------------------------------------------------------------------------------------
/** A long list shown as its first few and a count: a 500-farm page must not fill the screen. */
function few(items, n = 3) {
  return items.length <= n ? items.join(", ") : `${items.slice(0, n).join(", ")} … +${items.length - n}`;
}

export function opts(values, selected) {
  return values.map((v) => `<option value="${esc(v)}" ${v === (selected ?? "") ? "selected" : ""}>${esc(v || "全部 all")}</option>`).join("");
}

export function table(headers, rows, raw = false) {
  if (rows.length === 0) return `<p class="muted">无数据 nothing</p>`;
  const cell = (c) => (raw ? String(c ?? "") : esc(c));
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) =>
    `<tr${r.href ? ` class="clickable" data-href="${esc(r.href)}"` : ""}>${r.cells.map((c) => `<td>${cell(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

main.addEventListener("click", (e) => {
  const row = e.target.closest("tr[data-href]");
  if (row && !e.target.closest("a,button")) location.hash = row.dataset.href;
});

document.getElementById("logout").onclick = () => { session.clear(); location.hash = "#/login"; };

const routes = [
  [/^#\/login$/, loginView],
  [/^#\/journal\/(\d+)$/, (m, alive) => entryView(m[1], alive)],
  [/^#\/journal(?:\?(.*))?$/, (m, alive) => journalView(m[1] ?? "", alive)],
  [/^#\/deliveries(?:\?(.*))?$/, (m, alive) => deliveriesView(m[1] ?? "", alive)],
  [/^#\/replays$/, replaysView],
  [/^#\/reconciliations$/, reconciliationsView],
  [/^#\/rollout(?:\/(counties|start-reports|drills))?$/, rolloutView],
  [/^#\/trace(?:\?(.*))?$/, (m, alive) => traceView(m[1] ?? "", alive)],
  [/^#\/ledger(?:\?(.*))?$/, (m, alive) => ledgerView(m[1] ?? "", alive)],
  [/^#\/qr(?:\?(.*))?$/, (m, alive) => qrView(m[1] ?? "", alive)],
  [/^#\/origin(?:\?(.*))?$/, (m, alive) => originMapView(m[1] ?? "", alive)],
  ...fieldRoutes,
];

// Each navigation starts a new generation; a view still waiting on an answer from an earlier one draws nothing.
let generation = 0;

function route() {
  const current = ++generation;
  const alive = () => current === generation;
  const hash = location.hash || homeOf(session.user);
  if (!session.token && hash !== "#/login") { location.hash = "#/login"; return; }
  const user = session.user;
  document.getElementById("who").textContent = user ? `${user.username} · ${user.roles.join("+")} · ${user.region}` : "";
  document.getElementById("logout").hidden = !user;
  if (hash !== "#/login") { nav.hidden = false; main.classList.remove("wide"); }
  showNavFor(user);
  for (const a of nav.querySelectorAll("a")) a.classList.toggle("active", hash.startsWith(a.getAttribute("href")));
  for (const [pattern, view] of routes) {
    const m = hash.match(pattern);
    if (m) { Promise.resolve(view(m, alive)).catch((e) => { if (alive()) show(`<div class="error">${esc(e.message)}</div>`); }); return; }
  }
  show(`<div class="error">没有这个页面 no such page: ${esc(hash)}</div>`);
}

window.addEventListener("hashchange", route);
route();
