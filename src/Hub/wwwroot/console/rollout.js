import { api, esc, time, problem, table, has, show, session } from "./app.js";

// 县级启用 rollout page: the Jilin plan counts counties that USE the linked function (first linked issuance and first
// certificate after the switch), judges the milestones on use, checks the 6/30 preparation, hands on the 11/30 验收
// sheet per prefecture, and shows each county's 上报启用时间 with the province's decision and its trace-drill figures.

const day = (v) => (v ? esc(String(v).slice(0, 10)) : "—");
const yes = (ok, text = ["✔", "✘"]) => (ok ? `<span class="ok">${text[0]}</span>` : `<span class="bad">${text[1]}</span>`);
const judged = (m) => (m.met ? `<span class="ok">✔ 达成</span>` : m.ahead ? `<span class="warn">未到期</span>` : `<span class="bad">✘ 未达成</span>`);
const states = { Pending: "待审批", Approved: "已批准", Refused: "已退回", Superseded: "已被替代" };

const tabs = [["", "地市 Prefectures"], ["counties", "各县 Counties"], ["start-reports", "上报启用时间 Start-date reports"], ["drills", "追溯演练 Trace drills"]];

// One table per tab, so each view reads on a 1366 px screen and a locator finds the table it means.
export async function rolloutView(m, alive) {
  const tab = m?.[1] ?? "";
  show("加载中…");
  const [r, reports, drills] = await Promise.all([
    api("GET", "/api/rollout"), tab === "start-reports" ? api("GET", "/api/rollout/start-reports") : null,
    tab === "counties" || tab === "drills" ? api("GET", "/api/trace-drills") : null]);
  if (!alive()) return;
  if (!r.ok) { show(problem(r)); return; }
  const rep = r.json;
  const bar = `<p class="tabs">${tabs.map(([t, label]) =>
    t === tab ? `<b>${esc(label)}</b>` : `<a href="#/rollout${t ? "/" + t : ""}">${esc(label)}</a>`).join(" · ")}</p>`;
  const head = `<h1>县级启用 County rollout <span class="muted">${esc(rep.asOf)}</span></h1>
    <p>全省已启用 ${rep.total.enabled}/${rep.total.counties} 个县（${rep.total.percentage}%），
      已应用 in use ${rep.total.inUse}/${rep.total.counties}（${rep.total.inUsePercentage}%）
      <span class="muted">应用 = 启用后已有关联耳标发放和检疫出证，里程碑按应用判定</span></p>${bar}`;
  if (tab === "counties") show(head + `<div id="counties">${countiesTable(rep, drills)}</div>`);
  else if (tab === "start-reports") show(head + `<div id="reports">${reportsTable(reports)}</div>`);
  else if (tab === "drills") show(head + `<p class="muted">${drills.ok ? `${day(drills.json.from)} – ${day(drills.json.to)}` : ""}</p><div id="drills">${drillsTable(drills)}</div>`);
  else show(head + `<div id="prefectures">${prefecturesTable(rep)}</div>`);

  for (const a of document.querySelectorAll("a.acceptance")) {
    a.onclick = async (e) => {
      e.preventDefault();
      const response = await fetch(`/api/rollout/acceptance/${encodeURIComponent(a.dataset.prefecture)}?format=xlsx`,
        { headers: { Authorization: "Bearer " + session.token } });
      if (!response.ok) { a.insertAdjacentHTML("afterend", ` <span class="bad">${response.status}</span>`); return; }
      Object.assign(document.createElement("a"),
        { href: URL.createObjectURL(await response.blob()), download: `验收-${a.dataset.name}-${rep.asOf}.xlsx` }).click();
    };
  }
  for (const b of document.querySelectorAll("#reports button[data-decide]")) {
    b.onclick = async () => {
      const id = b.dataset.id;
      const reason = document.getElementById(`reason-${id}`).value;
      const answer = await api("POST", `/api/rollout/start-reports/${id}/${b.dataset.decide}`, { reason: reason || null });
      if (!answer.ok) { document.getElementById(`result-${id}`).innerHTML = problem(answer); return; }
      rolloutView(m, alive);
    };
  }
}

function prefecturesTable(rep) {
  const milestones = rep.prefectures[0]?.milestones ?? [];
  return table(["地市 Prefecture", "已启用", "已应用 in use", ...milestones.map((x) => `${x.date} ${x.rule}`),
    "6/30 准备 preparation", "11/30 验收 acceptance"],
    rep.prefectures.map((p) => ({
      cells: [`${esc(p.name)} <span class="muted">${esc(p.code)}</span>`, `${p.enabled}/${p.counties}`, `${p.inUse}/${p.counties}（${p.inUsePercentage}%）`,
        ...p.milestones.map(judged),
        `${judged(p.preparation)} ${p.preparation.ready}/${p.preparation.required}`,
        `<a href="#" class="acceptance" data-prefecture="${esc(p.code)}" data-name="${esc(p.name)}">验收表.xlsx</a>`],
    })), true);
}

function countiesTable(rep, drills) {
  const drillOf = new Map((drills?.ok ? drills.json.counties : []).map((d) => [d.county, d]));
  return table(["县 County", "启用 since", "首次关联发放 first issuance", "首次出证 first certificate", "应用自 in use since",
    "完整养殖场 complete farms", "库存导入 stock", "准备", "上报启用时间", "追溯演练 drills"],
    rep.prefectures.flatMap((p) => p.countyList).map((c) => {
      const d = drillOf.get(c.code);
      return {
        cells: [`${esc(c.name)} <span class="muted">${esc(c.code)}</span>${c.countsTowardPlan ? "" : ` <span class="muted">(不计入)</span>`}`,
          c.enabled ? day(c.since) : "未启用", c.firstIssuance ? time(c.firstIssuance) : "—", c.firstCertificate ? time(c.firstCertificate) : "—",
          c.inUse ? `<span class="ok">${day(c.inUseSince)}</span>` : "—",
          c.completeShare === null ? `<span class="muted">无养殖场</span>` : `${c.completeFarms}/${c.farms}（${c.completeShare}%）`,
          yes(c.stockImported, ["已导入", "未导入"]), yes(c.prepared),
          c.startReport ? `${day(c.startReport.startDate)} ${esc(states[c.startReport.status] ?? c.startReport.status)}` : "—",
          d ? `${d.complete}/${d.traced} 完整` : "—"],
      };
    }), true);
}

function reportsTable(r) {
  if (!r.ok) return problem(r);
  const items = Array.isArray(r.json) ? r.json : (r.json.items ?? r.json.reports ?? []);
  const decide = has("admin");
  return table(["县 County", "启用日期 start date", "说明 note", "上报人", "上报时间", "状态 state", "审批 decision", ...(decide ? ["省级审批 province"] : [])],
    items.map((s) => ({
      cells: [esc(s.county), day(s.startDate), esc(s.note), esc(s.reportedBy), time(s.reportedAt),
        `<span class="state-${esc(s.status)}">${esc(states[s.status] ?? s.status)}</span>`,
        s.decidedBy ? `${esc(s.decidedBy)} ${time(s.decidedAt)} ${esc(s.reason ?? "")}` : "",
        ...(decide ? [s.status === "Pending"
          ? `<input id="reason-${s.id}" placeholder="理由 reason" style="width:110px">
             <button data-decide="approve" data-id="${s.id}">批准</button> <button data-decide="refuse" data-id="${s.id}">退回</button>
             <span id="result-${s.id}"></span>` : ""] : [])],
    })), true);
}

function drillsTable(r) {
  if (!r.ok) return problem(r);
  return table(["县 County", "演练次数 runs", "抽样 sampled", "已追溯 traced", "链条完整 complete", "有证无申报", "到达地养殖场未登记", "国家平台无此证",
    "平均耗时 ms", "最长 ms"],
    r.json.counties.map((d) => ({
      cells: [`${esc(d.countyName)} <span class="muted">${esc(d.county)}</span>`, d.runs, d.sampled, d.traced, d.complete,
        d.certificateWithoutDeclaration, d.destinationFarmUnknown, d.certificateNotHeldNationally, d.meanTraceMs, d.maxTraceMs],
    })), true);
}
