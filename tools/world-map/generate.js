#!/usr/bin/env node
// Generates the map data files of the web crate from Natural Earth country boundaries
// (npm package `world-atlas`, TopoJSON); see README.md beside this file.
//
// Usage (from the repository root):
//   node tools/world-map/generate.js --modules /tmp/wa/node_modules \
//        [--countries crates/refdata/data/countries.csv] [--out crates/web/assets]
//
// Writes two tab-separated files. Each starts with `#` comment lines (source, frame), then
// has one line per country, sorted by numeric code then name:
//   numeric  ISO 3166-1 numeric code, 3 digits ("-" when Natural Earth has none)
//   alpha2   ISO 3166-1 alpha-2 code looked up in the countries CSV ("-" when unknown)
//   name     Natural Earth's short English name
//   point    "lon,lat" (2 decimals): centroid of the country's largest ring, for a marker
//   d        SVG path data in the file's frame, one decimal; each ring is `M x,y`, relative
//            `l dx,dy` steps (differences of the rounded absolute points, so no drift) and
//            `z`; "-" when the country is too small to have an outline at this scale.
//
// world-110m.tsv: 1:110m outlines in the equirectangular frame 1000x500
//   (x = (lon + 180) / 360 * 1000, y = (90 - lat) / 180 * 500), Antarctica left out. Rings
//   crossing the antimeridian are unwrapped (longitudes made continuous) and drawn twice,
//   as they are and shifted by 360°, each clipped to 181°W..181°E: the view hides the cuts.
//   Countries with an ISO code that only the 1:50m or 1:10m data has (Singapore, Malta,
//   Pacific islands…) get a line with a point and d = "-".
// indonesia-50m.tsv: 1:50m outlines of the countries near Indonesia, in the frame
//   94°E..142°E × 12°N..12°S at 20 units per degree (960x480:
//   x = (lon - 94) * 20, y = (12 - lat) * 20), clipped to that box widened by 1°.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

const repo = path.resolve(__dirname, "..", "..");
const modules = path.resolve(arg("--modules", path.join(process.cwd(), "node_modules")));
const countriesCsv = arg("--countries", path.join(repo, "crates", "refdata", "data", "countries.csv"));
const outDir = arg("--out", path.join(repo, "crates", "web", "assets"));
const req = createRequire(path.join(modules, "noop.js"));
const topojson = req("topojson-client");
const atlasVersion = req("world-atlas/package.json").version;

function load(res) {
  const t = req(`world-atlas/countries-${res}.json`);
  return topojson.feature(t, t.objects.countries).features;
}

// Minimal RFC 4180 CSV reader (quoted cells, doubled quotes, CRLF).
function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else q = false;
      } else cell += c;
    } else if (c === '"') q = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const csv = parseCsv(fs.readFileSync(countriesCsv, "utf8")).filter((r) => r.length > 1);
const iNum = csv[0].indexOf("numeric"), iA2 = csv[0].indexOf("alpha_2");
if (iNum < 0 || iA2 < 0) throw new Error(`${countriesCsv}: no numeric/alpha_2 columns`);
const alpha2 = new Map(csv.slice(1).map((r) => [r[iNum], r[iA2]]));

const idOf = (f) => (f.id === undefined ? "-" : String(f.id).padStart(3, "0"));
const rings = (g) =>
  g.type === "Polygon" ? g.coordinates : g.type === "MultiPolygon" ? g.coordinates.flat() : [];

// Longitudes made continuous along the ring (no jump of more than 180°).
function unwrap(ring) {
  const out = [];
  let offset = 0;
  for (let i = 0; i < ring.length; i++) {
    const [lon, lat] = ring[i];
    if (i > 0) {
      const prev = ring[i - 1][0];
      if (lon - prev > 180) offset -= 360;
      else if (prev - lon > 180) offset += 360;
    }
    out.push([lon + offset, lat]);
  }
  return out;
}

// Planar area and centroid of a ring in lon/lat.
function areaCentroid(ring) {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i], [x1, y1] = ring[(i + 1) % n];
    const k = x0 * y1 - x1 * y0;
    a += k; cx += (x0 + x1) * k; cy += (y0 + y1) * k;
  }
  if (Math.abs(a) < 1e-12) {
    const m = ring.reduce((s, p) => [s[0] + p[0], s[1] + p[1]], [0, 0]);
    return { area: 0, c: [m[0] / ring.length, m[1] / ring.length] };
  }
  return { area: Math.abs(a / 2), c: [cx / (3 * a), cy / (3 * a)] };
}

function labelPoint(features) {
  let best = null;
  for (const f of features)
    for (const r of rings(f.geometry)) {
      const ac = areaCentroid(unwrap(r));
      if (!best || ac.area > best.area) best = ac;
    }
  if (!best) return "-";
  let [lon, lat] = best.c;
  lon = ((((lon + 180) % 360) + 360) % 360) - 180;
  return `${lon.toFixed(2)},${lat.toFixed(2)}`;
}

const fmt = (t) => (t < 0 ? "-" : "") + (Math.abs(t) / 10).toFixed(1).replace(/\.0$/, "");

// `project` maps [lon, lat] to [x, y] in tenths of a unit (integers).
function ringPath(ring, project) {
  const pts = [];
  for (const p of ring) {
    const q = project(p);
    const last = pts[pts.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
  }
  while (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  if (pts.length < 3) return "";
  const steps = [];
  for (let i = 1; i < pts.length; i++) steps.push(`${fmt(pts[i][0] - pts[i - 1][0])},${fmt(pts[i][1] - pts[i - 1][1])}`);
  return `M${fmt(pts[0][0])},${fmt(pts[0][1])}l${steps.join(" ")}z`;
}

// Sutherland–Hodgman clipping of a closed ring to a lon/lat box.
function clipRing(ring, [w, s, e, n]) {
  const edges = [
    [(p) => p[0] >= w, (a, b) => [w, a[1] + ((b[1] - a[1]) * (w - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= e, (a, b) => [e, a[1] + ((b[1] - a[1]) * (e - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= s, (a, b) => [a[0] + ((b[0] - a[0]) * (s - a[1])) / (b[1] - a[1]), s]],
    [(p) => p[1] <= n, (a, b) => [a[0] + ((b[0] - a[0]) * (n - a[1])) / (b[1] - a[1]), n]],
  ];
  let out = ring.slice();
  for (const [inside, cross] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i], prev = input[(i + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) out.push(cross(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cross(prev, cur));
    }
    if (!out.length) break;
  }
  return out;
}

// Features grouped by id (or by name when there is no id), in a stable order.
function group(features) {
  const m = new Map();
  for (const f of features) {
    const id = idOf(f);
    const key = id === "-" ? `-${f.properties.name}` : id;
    if (!m.has(key)) m.set(key, { id, name: f.properties.name, features: [] });
    m.get(key).features.push(f);
  }
  return [...m.values()];
}

function line(id, name, point, d) {
  const a2 = id === "-" ? "-" : alpha2.get(id) || "-";
  return { id, a2, name: String(name).replace(/[\t\r\n]/g, " "), point, d: d || "-" };
}

function write(file, comments, lines) {
  lines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const text =
    comments.map((c) => `# ${c}\n`).join("") +
    "# numeric\talpha2\tname\tpoint\td\n" +
    lines.map((l) => `${l.id}\t${l.a2}\t${l.name}\t${l.point}\t${l.d}\n`).join("");
  fs.writeFileSync(path.join(outDir, file), text);
  process.stderr.write(`${file}: ${lines.length} countries, ${text.length} bytes\n`);
}

const source = `Natural Earth admin-0 countries (public domain) via npm world-atlas ${atlasVersion} (ISC).`;
const generated = "Generated by tools/world-map/generate.js; do not edit by hand.";

// --- world-110m.tsv
{
  const worldProject = ([lon, lat]) => [Math.round(((lon + 180) / 360) * 10000), Math.round(((90 - lat) / 180) * 5000)];
  const lines = [];
  const seen = new Set();
  for (const g of group(load("110m"))) {
    if (g.id === "010") continue; // Antarctica
    const parts = [];
    for (const f of g.features)
      for (const raw of rings(f.geometry)) {
        const ring = unwrap(raw);
        const lons = ring.map((p) => p[0]);
        const [min, max] = [Math.min(...lons), Math.max(...lons)];
        if (min >= -180 && max <= 180) {
          parts.push(ringPath(ring, worldProject));
          continue;
        }
        // Over the antimeridian: the ring and its copy shifted by 360°, each clipped to the
        // frame (widened by 1°, so that the cut edges stay outside the view).
        const shift = max > 180 ? -360 : 360;
        for (const r of [ring, ring.map(([x, y]) => [x + shift, y])]) {
          const clipped = clipRing(r, [-181, -90, 181, 90]);
          if (clipped.length >= 3) parts.push(ringPath(clipped, worldProject));
        }
      }
    lines.push(line(g.id, g.name, labelPoint(g.features), parts.join("")));
    seen.add(g.id);
  }
  for (const res of ["50m", "10m"])
    for (const g of group(load(res))) {
      if (g.id === "-" || g.id === "010" || seen.has(g.id) || !alpha2.has(g.id)) continue;
      lines.push(line(g.id, g.name, labelPoint(g.features), "-"));
      seen.add(g.id);
    }
  write(
    "world-110m.tsv",
    [
      `${source} Outlines at 1:110m; points only for smaller countries.`,
      generated,
      "Frame 1000x500, equirectangular: x=(lon+180)/360*1000, y=(90-lat)/180*500. Antarctica omitted.",
    ],
    lines
  );
}

// --- indonesia-50m.tsv
{
  const [W, S, E, N] = [94, -12, 142, 12];
  const K = 20;
  const box = [W - 1, S - 1, E + 1, N + 1];
  const project = ([lon, lat]) => [Math.round((lon - W) * K * 10), Math.round((N - lat) * K * 10)];
  const lines = [];
  for (const g of group(load("50m"))) {
    const parts = [];
    for (const f of g.features)
      for (const raw of rings(f.geometry)) {
        const lons = raw.map((p) => p[0]), lats = raw.map((p) => p[1]);
        if (Math.max(...lons) < box[0] || Math.min(...lons) > box[2]) continue;
        if (Math.max(...lats) < box[1] || Math.min(...lats) > box[3]) continue;
        const clipped = clipRing(raw, box);
        if (clipped.length >= 3) parts.push(ringPath(clipped, project));
      }
    const d = parts.join("");
    if (d) lines.push(line(g.id, g.name, labelPoint(g.features), d));
  }
  write(
    "indonesia-50m.tsv",
    [
      `${source} Outlines at 1:50m near Indonesia, clipped.`,
      generated,
      `Frame 960x480: x=(lon-${W})*${K}, y=(${N}-lat)*${K} (${W}E..${E}E, ${N}N..${-S}S).`,
    ],
    lines
  );
}
