// The pages of county clerks 县乡业务人员 and township collectors 信息采集员: stock sheet, farms, QR labels, third
// parties, readiness; the collector's township, records (on a phone first), rapid tests and the 采集表 import.
// Every call goes to the hub's /api under the signed-in account, which refuses what the role or region may not do.
import { api, esc, has, problem, session, show, table, time } from "./app.js";
import { createMap, productColour, showing, vocab, whenIdle } from "./map.js";

// ---- who sees what ---------------------------------------------------------------------------------------------------
/** The first page of each role: clerks their county, collectors their township, engineers the journal. */
export function homeOf(user) {
  const roles = user?.roles ?? [];
  if (roles.includes("engineer") || roles.includes("approver") || roles.includes("admin")) return "#/journal";
  if (roles.includes("clerk")) return "#/readiness";
  if (roles.includes("collector")) return "#/township";
  return "#/origin";
}

/** A link with data-roles is offered only to those roles; the API refuses the rest anyway. */
export function showNavFor(user) {
  const roles = user?.roles ?? [];
  for (const a of document.querySelectorAll("#nav a[data-roles]"))
    a.hidden = !a.dataset.roles.split(" ").some((r) => roles.includes(r));
}

const region = () => session.user?.region ?? "";
const county = () => (region().length >= 6 ? region().slice(0, 6) : "");
const township = () => (region().length >= 9 ? region().slice(0, 9) : "");

// ---- sheet upload with progress and row report -----------------------------------------------------------------------
/**
 * Uploads a sheet with XMLHttpRequest (fetch reports no upload progress), then, for a large sheet the hub answers 202,
 * follows GET /api/imports/{id} until it is done. The bar shows the upload, then the rows checked.
 */
function uploadSheet(path, file, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("Authorization", "Bearer " + session.token);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total, "上传 uploading");
    xhr.onload = () => {
      let json = null;
      try { json = JSON.parse(xhr.responseText); } catch { json = { title: xhr.status, detail: xhr.responseText.slice(0, 300) }; }
      resolve({ status: xhr.status, ok: xhr.status >= 200 && xhr.status < 300, json });
    };
    xhr.onerror = () => resolve({ status: 0, ok: false, json: { title: "NETWORK", detail: "网络中断，未上传 the upload did not reach the hub; try again" } });
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

async function followImport(id, onProgress) {
  for (;;) {
    const r = await api("GET", `/api/imports/${id}`);
    if (!r.ok) return r;
    const j = r.json;
    onProgress(j.rowsRead ? j.rowsChecked / j.rowsRead : 0, `${j.state} ${j.rowsChecked}/${j.rowsRead}`);
    if (["done", "refused", "failed"].includes(j.state)) return { status: j.state === "done" ? 200 : 422, ok: j.state === "done", json: j.report };
    await new Promise((ok) => setTimeout(ok, 800));
  }
}

function uploader({ title, template, templateName, endpoint, summary }) {
  show(`<h1>${title}</h1>
    <div class="card">
      <p><a href="#" id="template">下载模板 Download the template</a> <span class="muted">${esc(templateName)}</span></p>
      <form id="upload"><label>填好的表格 Filled sheet (.xlsx / .csv)<input type="file" name="file" accept=".xlsx,.csv" required></label>
        <p><button>上传导入 Upload</button></p></form>
      <div class="progress" id="progress" hidden><div style="width:0"></div></div><p class="muted" id="progress-text"></p>
    </div><div id="report"></div>`);
  document.getElementById("template").onclick = async (e) => {
    e.preventDefault();
    const r = await fetch(template, { headers: { Authorization: "Bearer " + session.token } });
    if (!r.ok) { document.getElementById("report").innerHTML = `<div class="error">${r.status}</div>`; return; }
    const a = document.createElement("a");
    a.href = URL.createObjectURL(await r.blob());
    a.download = templateName;
    a.click();
  };
  const bar = document.getElementById("progress");
  const progress = (fraction, text) => {
    bar.hidden = false;
    bar.firstElementChild.style.width = `${Math.round(fraction * 100)}%`;
    document.getElementById("progress-text").textContent = `${text} ${Math.round(fraction * 100)}%`;
  };
  document.getElementById("upload").onsubmit = async (e) => {
    e.preventDefault();
    const file = e.target.file.files[0];
    const out = document.getElementById("report");
    out.innerHTML = "";
    let r = await uploadSheet(endpoint, file, progress);
    if (r.status === 202) r = await followImport(r.json.id, progress);
    progress(1, r.ok ? "完成 done" : "未导入 refused");
    out.innerHTML = r.ok ? `<div class="notice" id="import-done">${summary(r.json)}</div>` : rowReport(r);
  };
}

/** The row report: each fault at its row and column, as the sheet numbers them (header = row 1). */
function rowReport(r) {
  const errors = r.json?.errors ?? [];
  return `<div class="error" role="alert"><b>${esc(r.json?.title ?? r.status)}</b> ${esc(r.json?.detail ?? "")}</div>` + (errors.length
    ? `<table id="row-report"><thead><tr><th>行 Row</th><th>列 Column</th><th>原因 Code</th><th>说明 Detail</th></tr></thead><tbody>${errors.map((x) =>
      `<tr><td>${esc(x.row ?? "")}</td><td>${esc(x.column ?? x.field ?? "")}</td><td>${esc(x.code)}</td><td>${esc(x.detail)}</td></tr>`).join("")}</tbody></table>`
    : "");
}

function stockSheetView() {
  uploader({
    title: "库存耳标导入 Tag stock sheet", template: "/api/tag-stock/template", templateName: "库存耳标登记表.xlsx",
    endpoint: "/api/tag-stock/import",
    summary: (j) => `已导入 ${esc(j.rows)} 行，登记 ${esc(j.registered)} 箱/包，共 ${esc(j.tags)} 枚耳标；重复 ${esc(j.duplicates)}（报文 #${esc(j.hubId)}）`,
  });
}

function collectImportView() {
  uploader({
    title: "导入采集表 Import a 采集表", template: "/api/origin/template", templateName: "重点农产品产地溯源信息采集表.xlsx",
    endpoint: "/api/origin/import",
    summary: (j) => `共 ${esc(j.rows)} 行：新增 ${esc(j.created)}，更新 ${esc(j.updated)}，未变 ${esc(j.unchanged)}，新主体 ${esc(j.entitiesCreated)}`,
  });
}

// ---- farms with what each lacks ------------------------------------------------------------------------------------
/** What a farm still lacks before it may declare (as GET /api/farms/{code} says), plus a point for the map. */
export function lacks(f) {
  const missing = [];
  if (!f.name) missing.push("名称 name");
  if (!f.phone) missing.push("联系电话 phone");
  if (!(f.stock ?? []).length) missing.push("养殖种类/存栏 stock");
  if (!f.address) missing.push("地址 address");
  if (f.longitude == null || f.latitude == null) missing.push("坐标 coordinates");
  return missing;
}

async function farmsView(params, alive) {
  const p = new URLSearchParams(params);
  const town = p.get("township") ?? township();
  show(`<h1>养殖场信息完整性 Farms of the region</h1>
    <form class="filters" id="f"><label>乡镇代码 Township<input name="township" value="${esc(town)}" inputmode="numeric"></label>
      <label>只看不完整 Incomplete only<select name="incomplete"><option value="">否</option><option value="1" ${p.get("incomplete") ? "selected" : ""}>是</option></select></label>
      <button>查询</button></form><div id="out">加载中…</div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/farms?" + new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v)); };
  const q = new URLSearchParams({ limit: "500" });
  if (town) q.set("township", town); else if (county()) q.set("county", county());
  const r = await api("GET", "/api/farms?" + q);
  if (!alive()) return;
  const out = document.getElementById("out");
  if (!r.ok) { out.innerHTML = problem(r); return; }
  const rows = r.json.items.map((f) => ({ f, missing: lacks(f) })).filter((x) => !p.get("incomplete") || x.missing.length);
  const complete = r.json.items.filter((f) => lacks(f).length === 0).length;
  out.innerHTML = `<p>共 ${r.json.total} 个养殖场，本页 ${r.json.items.length} 个中信息完整 ${complete} 个。</p>` + table(
    ["编码 Code", "名称 Name", "负责人", "电话", "缺少 Lacks", ""],
    rows.map(({ f, missing }) => ({
      cells: [esc(f.code), esc(f.name ?? ""), esc(f.contactName ?? ""), esc(f.phone ?? ""),
        missing.length ? `<span class="bad">${esc(missing.join("、"))}</span>` : `<span class="ok">完整 complete</span>`,
        has("clerk") || has("admin") ? `<a href="#/qr?farm=${encodeURIComponent(f.code)}">二维码</a>` : ""],
    })), true);
}

// ---- QR labels, A4 ---------------------------------------------------------------------------------------------------
async function labelsView(params, alive) {
  const town = new URLSearchParams(params).get("township") ?? township();
  show(`<h1 class="no-print">二维码标签打印 QR labels</h1>
    <form class="filters no-print" id="f"><label>乡镇代码 Township<input name="township" value="${esc(town)}" inputmode="numeric" required></label>
      <button>生成 Make</button> <button type="button" class="secondary" id="print">打印 Print (A4)</button></form><div id="out"></div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/labels?township=" + encodeURIComponent(e.target.township.value); };
  document.getElementById("print").onclick = () => window.print();
  if (!town) return;
  const r = await api("GET", `/api/console/qr-labels?township=${encodeURIComponent(town)}`);
  if (!alive()) return;
  const out = document.getElementById("out");
  if (!r.ok) { out.innerHTML = problem(r); return; }
  const j = r.json;
  out.innerHTML = `<p class="no-print">${esc(j.townshipName ?? j.township)}：${j.labels.length} 个养殖场${j.truncated ? "（超过 500 个，只显示前 500 个）" : ""}</p>
    <div class="labels">${j.labels.map((l) => `<div class="label" data-farm="${esc(l.farmCode)}">
      <img alt="QR ${esc(l.farmCode)}" src="data:image/png;base64,${l.png}">
      <div><b>${esc(l.name ?? "")}</b><br><code>${esc(l.farmCode)}</code><br><span class="muted">${esc(j.townshipName ?? "")} 扫码申报检疫</span></div></div>`).join("")}</div>`;
}

// ---- third-party authorisations --------------------------------------------------------------------------------------
async function authorisationsView(_, alive) {
  const inYear = new Date(Date.now() + 365 * 864e5).toISOString().slice(0, 10);
  show(`<h1>第三方机构授权 Third-party collectors</h1>
    <form class="filters card" id="grant">
      <label>账号 Username<input name="username" required></label>
      <label>区划 Region<input name="region" value="${esc(county())}" required inputmode="numeric"></label>
      <label>保密协议编号 Agreement no.<input name="agreementNo" required></label>
      <label>协议日期 Agreement date<input name="agreementDate" type="date" required></label>
      <label>到期 Expires<input name="expiresAt" type="date" value="${inYear}" required></label>
      <button>授权 Authorise</button></form><div id="msg"></div><div id="list">加载中…</div>`);
  const load = async () => {
    const r = await api("GET", "/api/collector-authorisations");
    if (!alive()) return;
    const list = document.getElementById("list");
    if (!r.ok) { list.innerHTML = problem(r); return; }
    list.innerHTML = table(["#", "账号", "区划", "协议", "到期", "授权人", "状态", ""], r.json.items.map((a) => ({
      cells: [a.id, esc(a.username), esc(a.region), `${esc(a.agreementNo)} (${esc(a.agreementDate)})`, time(a.expiresAt), esc(a.authorisedBy),
        a.live ? `<span class="ok">有效</span>` : `<span class="bad">${a.revokedAt ? "已撤销" : "已过期"}</span>`,
        a.live ? `<button class="secondary" data-revoke="${a.id}">撤销 Revoke</button>` : ""],
    })), true);
    for (const b of list.querySelectorAll("[data-revoke]"))
      b.onclick = async () => {
        if (!confirm("撤销后该账号立即不能再调用。继续？")) return;
        const res = await api("DELETE", `/api/collector-authorisations/${b.dataset.revoke}`);
        document.getElementById("msg").innerHTML = res.ok ? `<div class="notice">已撤销</div>` : problem(res);
        load();
      };
  };
  document.getElementById("grant").onsubmit = async (e) => {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(e.target));
    body.expiresAt = new Date(body.expiresAt + "T23:59:59+08:00").toISOString();
    const res = await api("POST", "/api/collector-authorisations", body);
    document.getElementById("msg").innerHTML = res.ok ? `<div class="notice">已授权 #${esc(res.json.id)}</div>` : problem(res);
    if (res.ok) { e.target.reset(); load(); }
  };
  load();
}

// ---- county readiness and rollout ------------------------------------------------------------------------------------
async function readinessView(params, alive) {
  const code = new URLSearchParams(params).get("county") ?? county();
  show(`<h1>县级准备情况 County readiness</h1>
    <form class="filters" id="f"><label>县代码 County<input name="county" value="${esc(code)}" inputmode="numeric"></label><button>查询</button></form><div id="out">${code ? "加载中…" : ""}</div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/readiness?county=" + encodeURIComponent(e.target.county.value); };
  if (!code) return;
  const [rollout, farms, scope, overdue] = await Promise.all([
    api("GET", `/api/rollout/counties/${encodeURIComponent(code)}`),
    api("GET", `/api/farms?county=${encodeURIComponent(code)}&limit=500`),
    api("GET", `/api/origin/scope?region=${encodeURIComponent(code)}`),
    api("GET", `/api/origin/overdue?region=${encodeURIComponent(code)}&asOf=${new Date().toISOString().slice(0, 10)}`),
  ]);
  if (!alive()) return;
  const out = document.getElementById("out");
  if (!rollout.ok) { out.innerHTML = problem(rollout); return; }
  const s = rollout.json;
  const items = farms.ok ? farms.json.items : [];
  const complete = items.filter((f) => lacks(f).length === 0).length;
  const lines = scope.ok ? scope.json.lines : [];
  const sum = (k) => lines.reduce((n, l) => n + (l[k] ?? 0), 0);
  out.innerHTML = `<div class="row">
      <div class="card"><b>${esc(s.name)} (${esc(s.county)})</b><br>
        电子耳标/检疫新流程：${s.inForceToday ? `<span class="ok">已启用</span> 自 ${esc(s.since)}` : s.enabled ? `<span class="warn">将于 ${esc(s.since)} 启用</span>` : `<span class="bad">未启用</span>`}</div>
      <div class="card"><b>养殖场 Farms</b><br>${farms.ok ? `${farms.json.total} 个；本页 ${items.length} 个中信息完整 ${complete} 个 · <a href="#/farms?incomplete=1">查看缺项</a>` : problem(farms)}</div>
      <div class="card"><b>产地溯源 Origin</b><br>${scope.ok ? `监管名录 ${sum("supervised")}，采集范围 ${sum("inScope")}，已采集 ${sum("collected")}，未采集 ${sum("missing")}` : problem(scope)}
        <br>${overdue.ok ? `逾期 ${overdue.json.count} 项 overdue` : ""}</div></div>
    <h2>启用记录 Rollout history</h2>${table(["启用", "自", "时间", "操作人", "备注"], (s.history ?? []).map((h) => ({ cells: [h.enabled ? "启用" : "停用", h.since, time(h.at), h.actor ?? "", h.note ?? ""] })))}
    <h2>各乡镇采集 Collection by township</h2>${table(["乡镇", "产品", "监管名录", "采集范围", "已采集", "未采集"], lines.map((l) => ({
      cells: [`${l.township} (${l.townshipCode})`, l.productName, l.supervised, l.inScope, l.collected, l.missing] })))}`;
}

// ---- the collector's township --------------------------------------------------------------------------------------
async function townshipView(params, alive) {
  const town = new URLSearchParams(params).get("region") ?? (township() || county());
  show(`<h1>本乡镇采集 My township <span class="muted">${esc(town)}</span></h1>
    <p><a class="button" href="#/record/new">＋ 新增记录 New record</a> <a class="button secondary" href="#/collect-import">导入采集表</a></p>
    <div id="scope">加载中…</div>
    <h2>地图 Map</h2><div id="map" class="map small"></div>
    <h2>逾期 Overdue</h2><div id="overdue"></div>
    <h2>记录 Records</h2><form class="filters" id="f"><input name="q" placeholder="主体名称 entity"><button>找</button></form><div id="records"></div>`);
  const [scope, overdue] = await Promise.all([
    api("GET", `/api/origin/scope?region=${encodeURIComponent(town)}`),
    api("GET", `/api/origin/overdue?region=${encodeURIComponent(town)}&asOf=${new Date().toISOString().slice(0, 10)}`),
  ]);
  if (!alive()) return;
  document.getElementById("scope").innerHTML = !scope.ok ? problem(scope) : table(["产品", "名录", "范围", "已采", "未采"],
    scope.json.lines.map((l) => ({ cells: [l.productName, l.supervised, l.inScope, l.collected, l.missing ? `<b class="bad">${l.missing}</b>` : "0"] })), true);
  document.getElementById("overdue").innerHTML = !overdue.ok ? problem(overdue) : table(["主体", "产品", "类型", "应于"],
    overdue.json.groups.flatMap((g) => g.items).map((o) => ({ href: `#/record/${o.recordId}`, cells: [o.entity, o.product, o.kind, o.due] })));
  const loadRecords = async (q = "") => {
    const r = await api("GET", `/api/origin/records?region=${encodeURIComponent(town)}&limit=200${q ? "&q=" + encodeURIComponent(q) : ""}`);
    if (!alive()) return;
    document.getElementById("records").innerHTML = !r.ok ? problem(r) : table(["主体", "产品", "规模", "采集", "坐标"],
      r.json.items.map((x) => ({ href: `#/record/${x.id}`, cells: [x.entity, x.productName, `${x.scale}${x.unitName}`, time(x.collectedAt).slice(0, 10),
        x.longitude == null ? "待定位" : "✔"] })));
  };
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); loadRecords(e.target.q.value); };
  loadRecords();
  const map = await createMap(document.getElementById("map"), { query: `region=${encodeURIComponent(town)}`, region: town });
  if (!alive()) { map.remove(); return; }
  showing(map);
  // No township outline exists to fit to: the township's own located records frame the map instead.
  const located = await api("GET", `/api/origin/map?region=${encodeURIComponent(town)}`);
  const coords = located.ok ? located.json.features.map((f) => f.geometry.coordinates) : [];
  if (coords.length && alive()) {
    const lons = coords.map((c) => c[0]), lats = coords.map((c) => c[1]);
    map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 40, maxZoom: 10, duration: 0 });
    if (map.getZoom() < 10) map.setZoom(10);
  }
  map.on("click", "origin-points", (e) => { const id = e.features[0]?.properties?.id; if (id) location.hash = `#/record/${id}`; });
}

// ---- one record: add, edit, refine the point, rapid test ------------------------------------------------------------
const fields = [
  ["entityName", "主体名称", "text", true], ["contactName", "联系人", "text"], ["phone", "联系电话", "tel"],
  ["scale", "种养规模", "number", true], ["baseAddress", "基地地址", "text"], ["regionCode", "行政区划代码", "text", true],
  ["marketStart", "预计上市时间", "date"], ["marketEnd", "预计下市时间", "date"], ["creditRating", "信用等级", "text"],
  ["gridSupervisor", "网格化监管员", "text"], ["supervisorPhone", "监管员电话", "tel"], ["collector", "信息采集员", "text"],
  ["collectorPhone", "采集员电话", "tel"],
];
const draftKey = (id) => `eartag.draft.${session.user?.username}.${id}`;

async function recordView(id, alive, notice = "") {
  const words = await vocab();
  const existing = id === "new" ? null : await api("GET", `/api/origin/records/${id}`);
  if (!alive()) return;
  if (existing && !existing.ok) { show(problem(existing)); return; }
  const rec = existing?.json?.record ?? null;
  const history = existing?.json?.locationHistory ?? [];
  const tests = existing?.json?.rapidTests ?? [];
  // A draft typed earlier (a save that failed, a reload, a lost connection) comes back before anything else.
  const draft = JSON.parse(localStorage.getItem(draftKey(id)) || "null");
  const value = (k) => draft?.[k] ?? (rec ? recordValue(rec, k) : k === "regionCode" ? township() : k === "collector" ? session.user?.username ?? "" : "");
  const canWrite = has("collector") || has("clerk") || has("admin");
  show(`<h1>${rec ? `采集记录 #${rec.id} ${esc(rec.entity)}` : "新增采集记录 New record"}</h1>
    ${draft ? `<div class="notice" id="draft-note">已恢复未保存的内容 restored what was typed before</div>` : ""}
    <form id="rec" class="record-form">
      <label>主体类型 Entity type<select name="entityType">${words.entityTypes.map((t) => `<option ${value("entityType") === t ? "selected" : ""}>${esc(t)}</option>`).join("")}</select></label>
      <label>产品名称 Product<select name="product">${words.products.map((x) => `<option value="${esc(x.code)}" data-unit="${esc(x.unit)}" ${value("product") === x.code ? "selected" : ""}>${esc(x.name)}（${esc(x.unit)}，≥${esc(x.scopeThreshold)} 纳入采集）</option>`).join("")}</select></label>
      ${fields.map(([k, label, type, required]) => `<label>${label}${required ? " *" : ""}<input name="${k}" type="${type === "number" ? "text" : type}" ${type === "number" ? 'inputmode="decimal"' : ""} value="${esc(value(k))}"></label>`).join("")}
      <label>生产方式 Mode<select name="productionMode"><option value=""></option>${words.productionModes.map((m) => `<option ${value("productionMode") === m ? "selected" : ""}>${esc(m)}</option>`).join("")}</select></label>
      <fieldset><legend>追溯方式 Trace methods</legend>${words.traceMethods.map((m) => `<label class="check"><input type="checkbox" name="traceMethods" value="${esc(m)}" ${(value("traceMethods") || []).includes(m) ? "checked" : ""}>${esc(m)}</label>`).join("")}</fieldset>
      <fieldset><legend>位置 Position</legend>
        <div class="coords"><label>经度 Lon<input name="longitude" inputmode="decimal" value="${esc(value("longitude"))}"></label>
        <label>纬度 Lat<input name="latitude" inputmode="decimal" value="${esc(value("latitude"))}"></label></div>
        <p><button type="button" class="secondary" id="locate">📍 用手机定位 Use my position</button>
          <span class="muted">或在地图上点选 or tap the map</span></p>
        <div id="map" class="map small"></div><p class="muted" id="locate-msg"></p></fieldset>
      ${canWrite ? `<p><button id="save">保存 Save</button></p>` : ""}<div id="save-result"></div>
    </form>
    ${rec ? `<h2>位置变更 Point history</h2>${table(["时间", "由", "从", "到"], history.map((h) => ({
      cells: [time(h.changedAt), `${h.changedBy} (${h.source})`, h.fromLongitude == null ? "—" : `${h.fromLongitude}, ${h.fromLatitude}`, h.longitude == null ? "—" : `${h.longitude}, ${h.latitude}`] })))}
      ${canWrite ? `<p><button type="button" id="refine">保存新位置 Save this point (现场完善)</button></p><div id="refine-result"></div>` : ""}
      <h2>快速检测 Rapid tests</h2>${table(["样品", "项目", "结果", "数值", "检测人", "时间"], tests.map((t) => ({ cells: [t.sampleNo, t.item, t.resultName, t.value ?? "", t.tester, time(t.testedAt)] })))}
      ${canWrite ? `<form id="rapid" class="record-form"><label>样品编号 Sample no.<input name="sampleNo" required></label><label>检测项目 Item<input name="item" required placeholder="农药残留"></label>
        <label>结果 Result<select name="result">${words.rapidTestResults.map((x) => `<option>${esc(x)}</option>`).join("")}</select></label>
        <label>数值 Value<input name="value"></label><label>检测人 Tester<input name="tester" value="${esc(session.user?.username ?? "")}"></label>
        <p><button>记录检测 Record test</button></p><div id="rapid-result"></div></form>` : ""}` : ""}`);

  const form = document.getElementById("rec");
  const collect = () => {
    const data = Object.fromEntries([...new FormData(form)].filter(([k]) => k !== "traceMethods"));
    data.traceMethods = [...form.querySelectorAll("input[name=traceMethods]:checked")].map((x) => x.value);
    return data;
  };
  const keepDraft = () => localStorage.setItem(draftKey(id), JSON.stringify(collect()));
  form.addEventListener("input", keepDraft);
  form.addEventListener("change", keepDraft);

  // The point: from the phone's GPS or a tap on the map. The buttons work before the map has loaded (a slow
  // connection), the map shows the point once it is there.
  let map = null;
  let marker = null;
  const pointData = (lon, lat) => ({ type: "FeatureCollection", features: [{ type: "Feature", properties: { id: rec?.id ?? 0 }, geometry: { type: "Point", coordinates: [lon, lat] } }] });
  const drawPoint = (lon, lat) => {
    if (!map) return;
    marker.setLngLat([lon, lat]).addTo(map);
    map.getSource("point")?.setData(pointData(lon, lat));
  };
  const setPoint = (lon, lat, source) => {
    form.longitude.value = lon.toFixed(6);
    form.latitude.value = lat.toFixed(6);
    drawPoint(lon, lat);
    document.getElementById("locate-msg").textContent = `${source}: ${lon.toFixed(6)}, ${lat.toFixed(6)}`;
    keepDraft();
  };
  document.getElementById("locate").onclick = () => {
    const msg = document.getElementById("locate-msg");
    if (!navigator.geolocation) { msg.textContent = "此浏览器不能定位 no geolocation here; tap the map"; return; }
    msg.textContent = "定位中… locating";
    navigator.geolocation.getCurrentPosition(
      (pos) => { setPoint(pos.coords.longitude, pos.coords.latitude, `手机定位 ±${Math.round(pos.coords.accuracy)} m`); map?.jumpTo({ center: [pos.coords.longitude, pos.coords.latitude], zoom: 14 }); },
      (err) => { msg.textContent = `定位失败 ${err.message}; 请在地图上点选 tap the map`; },
      { enableHighAccuracy: true, timeout: 15000 });
  };

  // A save that fails (refused, or no connection) leaves the form as it is, with the reason; the draft stays too.
  form.onsubmit = async (e) => {
    e.preventDefault();
    const out = document.getElementById("save-result");
    const body = collect();
    for (const k of Object.keys(body)) if (body[k] === "" || (Array.isArray(body[k]) && body[k].length === 0)) delete body[k];
    if (rec && body.longitude === undefined) delete body.latitude;
    out.innerHTML = `<p class="muted">保存中… saving</p>`;
    let r;
    try { r = await api("POST", "/api/origin/records", body); } catch (err) {
      out.innerHTML = `<div class="error" role="alert"><b>未保存 NOT SAVED</b> 网络不通，内容已保留，请稍后再点保存 no connection: nothing typed is lost, save again later (${esc(err.message)})</div>`;
      return;
    }
    if (!r.ok) {
      out.innerHTML = rowReport(r).replace("<table", `<table class="field-report"`);
      for (const x of r.json?.errors ?? []) form.querySelector(`[name="${CSS.escape(x.field ?? "")}"]`)?.classList.add("invalid");
      return;
    }
    localStorage.removeItem(draftKey(id));
    const saved = r.json.record;
    location.hash = `#/record/${saved.id}?saved=${r.status === 201 ? "created" : "updated"}`;
  };

  document.getElementById("refine")?.addEventListener("click", async () => {
    const out = document.getElementById("refine-result");
    const lon = parseFloat(form.longitude.value), lat = parseFloat(form.latitude.value);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) { out.innerHTML = `<div class="error">先定位或在地图上点选 take a point first</div>`; return; }
    let r;
    try { r = await api("PUT", `/api/origin/records/${rec.id}/location`, { longitude: lon, latitude: lat }); } catch (err) {
      out.innerHTML = `<div class="error" role="alert"><b>未保存 NOT SAVED</b> 网络不通，位置已保留 (${esc(err.message)})</div>`;
      return;
    }
    if (!r.ok) { out.innerHTML = problem(r); return; }
    localStorage.removeItem(draftKey(id));
    recordView(String(rec.id), alive, `<div class="notice" id="refined">位置已更新 point saved</div>`);
  });

  document.getElementById("rapid")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = Object.fromEntries([...new FormData(e.target)].filter(([, v]) => v !== ""));
    body.recordId = rec.id;
    body.product = rec.product;
    body.testedAt = new Date().toISOString();
    const out = document.getElementById("rapid-result");
    let r;
    try { r = await api("POST", "/api/origin/rapid-tests", body); } catch (err) {
      out.innerHTML = `<div class="error" role="alert"><b>未保存 NOT SAVED</b> ${esc(err.message)}</div>`;
      return;
    }
    if (!r.ok) { out.innerHTML = rowReport(r); return; }
    recordView(String(rec.id), alive);
  });
  if (new URLSearchParams(location.hash.split("?")[1] ?? "").get("saved"))
    document.getElementById("save-result").innerHTML = `<div class="notice" id="saved">已保存 saved</div>`;
  if (notice) document.getElementById("save-result").insertAdjacentHTML("beforeend", notice);

  const shown = await createMap(document.getElementById("map"), { points: false, region: value("regionCode") || region() });
  if (!alive()) { shown.remove(); return; }
  showing(shown);
  await whenIdle(shown);
  if (!alive()) return;
  shown.addSource("point", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  shown.addLayer({ id: "record-point", type: "circle", source: "point", paint: { "circle-radius": 7, "circle-color": productColour(words.products, value("product")), "circle-stroke-color": "#fff", "circle-stroke-width": 2 } });
  map = shown;
  marker = new window.maplibregl.Marker({ color: "#d62728" });
  shown.on("click", (e) => setPoint(e.lngLat.lng, e.lngLat.lat, "地图点选 tapped"));
  const lon0 = parseFloat(form.longitude.value), lat0 = parseFloat(form.latitude.value);
  if (Number.isFinite(lon0) && Number.isFinite(lat0)) {
    drawPoint(lon0, lat0);
    if (!document.getElementById("locate-msg").textContent) document.getElementById("locate-msg").textContent = `记录位置 recorded: ${lon0}, ${lat0}`;
    shown.jumpTo({ center: [lon0, lat0], zoom: 13 });
  }
}

/** A record's value for the form, in the words the form (and the sheet) uses. */
function recordValue(rec, k) {
  switch (k) {
    case "entityName": return rec.entity;
    case "entityType": return rec.entityTypeName;
    case "product": return rec.product;
    case "productionMode": return { OpenField: "露地", Facility: "设施" }[rec.productionMode] ?? "";
    case "traceMethods": return [];
    case "longitude": return rec.longitude ?? "";
    case "latitude": return rec.latitude ?? "";
    default: return rec[k] ?? "";
  }
}

export const fieldRoutes = [
  [/^#\/stock-sheet$/, () => stockSheetView()],
  [/^#\/collect-import$/, () => collectImportView()],
  [/^#\/farms(?:\?(.*))?$/, (m, alive) => farmsView(m[1] ?? "", alive)],
  [/^#\/labels(?:\?(.*))?$/, (m, alive) => labelsView(m[1] ?? "", alive)],
  [/^#\/authorisations$/, (m, alive) => authorisationsView("", alive)],
  [/^#\/readiness(?:\?(.*))?$/, (m, alive) => readinessView(m[1] ?? "", alive)],
  [/^#\/township(?:\?(.*))?$/, (m, alive) => townshipView(m[1] ?? "", alive)],
  [/^#\/record\/(new|\d+)(?:\?.*)?$/, (m, alive) => recordView(m[1], alive)],
];
