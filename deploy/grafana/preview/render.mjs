// Draws deploy/grafana/aict-identity.json from a real Prometheus: each panel's queries go to /api/v1/query_range,
// each panel is drawn where its gridPos puts it (line charts and stats, in SVG), and the page is written as HTML
// for Chromium to screenshot. Not Grafana: the same queries, drawn plainly.
// Usage: node render.mjs <dashboard.json> <prometheus base URL> <out.html> <start, Unix seconds> [rate window]
import { readFile, writeFile } from 'node:fs/promises';

const [dashboardPath, prometheus, outPath, since, rateWindow = '30s'] = process.argv.slice(2);
const dashboard = JSON.parse(await readFile(dashboardPath, 'utf8'));
const end = Math.floor(Date.now() / 1000);
const start = Number(since);
const minutes = Math.round((end - start) / 60);
const step = Math.max(5, Math.floor((end - start) / 120));
const cell = { width: 1600 / 24, height: 30 };
const colours = ['#7eb26d', '#eab839', '#6ed0e0', '#ef843c', '#e24d42', '#1f78c1', '#ba43a9', '#705da0', '#508642', '#cca300'];

// Grafana fills these in before querying; "All" for the pickers means every job and instance.
const prepare = (expr) => expr.replaceAll('$__rate_interval', rateWindow).replaceAll('$job', '.*').replaceAll('$instance', '.*');
const legend = (format, labels) => (format ?? '').replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => labels[name] ?? '') || JSON.stringify(labels);
const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

async function queryRange(expr) {
  const url = new URL('/api/v1/query_range', prometheus);
  url.search = new URLSearchParams({ query: prepare(expr), start, end, step }).toString();
  const body = await (await fetch(url)).json();
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  return body.data.result;
}

function format(value, unit) {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (unit === 'bytes') {
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let i = 0;
    for (let v = abs; v >= 1024 && i < units.length - 1; v /= 1024) i++;
    return `${(value / 1024 ** i).toFixed(i ? 1 : 0)} ${units[i]}`;
  }
  if (unit === 's') return abs >= 1 ? `${value.toFixed(2)} s` : `${(value * 1000).toFixed(abs >= 0.01 ? 0 : 1)} ms`;
  const text = abs >= 1000 ? `${(value / 1000).toFixed(1)}k` : abs >= 10 || value === 0 ? value.toFixed(0) : value.toPrecision(2);
  return unit === 'reqps' ? `${text}/s` : text;
}

function timeseries(series, unit, width, height) {
  const plot = { left: 64, right: width - 12, top: 8, bottom: height - 20 };
  const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  const max = Math.max(...values, 0) * 1.1 || 1;
  const x = (t) => plot.left + ((t - start) / (end - start)) * (plot.right - plot.left);
  const y = (v) => plot.bottom - (v / max) * (plot.bottom - plot.top);
  const grid = !values.length ? '' : [0, 0.5, 1].map((f) => `<line x1="${plot.left}" x2="${plot.right}" y1="${y(max * f / 1.1)}" y2="${y(max * f / 1.1)}" class="grid"/>` +
    `<text x="${plot.left - 6}" y="${y(max * f / 1.1) + 4}" class="axis" text-anchor="end">${escape(format(max * f / 1.1, unit))}</text>`).join('');
  const times = [[start, 'start'], [(start + end) / 2, 'middle'], [end, 'end']].map(([t, anchor]) => `<text x="${x(t)}" y="${height - 4}" class="axis" text-anchor="${anchor}">` +
    `${new Date(t * 1000).toISOString().slice(11, 16)}</text>`).join('');
  const lines = series.map((s, i) => `<polyline fill="none" stroke="${colours[i % colours.length]}" stroke-width="1.5" points="` +
    s.points.filter(([, v]) => Number.isFinite(v)).map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ') + '"/>').join('');
  const empty = values.length ? '' : `<text x="${width / 2}" y="${height / 2}" class="empty" text-anchor="middle">No data</text>`;
  return `<svg width="${width}" height="${height}">${grid}${times}${lines}${empty}</svg>`;
}

async function panelHtml(panel) {
  const { x, y, w, h } = panel.gridPos;
  const box = `left:${x * cell.width}px;top:${y * cell.height}px;width:${w * cell.width - 8}px;height:${h * cell.height - 8}px`;
  if (panel.type === 'row') return `<div class="row" style="${box}">${escape(panel.title)}</div>`;
  const unit = panel.fieldConfig?.defaults?.unit;
  const series = [];
  for (const target of panel.targets) {
    for (const result of await queryRange(target.expr)) {
      series.push({ name: legend(target.legendFormat, result.metric), points: result.values.map(([t, v]) => [t, Number(v)]) });
    }
  }
  const width = w * cell.width - 24;
  const legendHeight = panel.type === 'stat' ? 0 : 18 * Math.min(3, Math.ceil(series.length / 2));
  const chartHeight = h * cell.height - 44 - legendHeight;
  const body = panel.type === 'stat'
    ? `<div class="stat">${escape(format(series.at(-1)?.points.at(-1)?.[1] ?? NaN, unit))}</div>`
    : timeseries(series, unit, width, chartHeight) + `<div class="legend">${series.slice(0, 6).map((s, i) =>
      `<span><i style="background:${colours[i % colours.length]}"></i>${escape(s.name)}</span>`).join('')}</div>`;
  return `<div class="panel" style="${box}"><div class="title">${escape(panel.title)}</div>${body}</div>`;
}

const panels = await Promise.all(dashboard.panels.map(panelHtml));
const pageHeight = Math.max(...dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h)) * cell.height;
await writeFile(outPath, `<!doctype html><meta charset="utf-8"><title>${escape(dashboard.title)}</title>
<style>
  body { margin: 0; padding: 12px; background: #111217; color: #ccccdc; font: 12px system-ui, sans-serif; }
  header { font-size: 16px; margin: 0 0 10px 4px; } header small { color: #8e8e8e; margin-left: 12px; }
  main { position: relative; height: ${pageHeight}px; }
  .panel { position: absolute; background: #181b1f; border: 1px solid #2c3235; border-radius: 2px; padding: 6px 8px; box-sizing: border-box; overflow: hidden; }
  .row { position: absolute; font-size: 14px; font-weight: 600; padding-top: 6px; }
  .title { font-weight: 600; margin-bottom: 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .grid { stroke: #2c3235; } .axis { fill: #8e8e8e; font-size: 10px; } .empty { fill: #8e8e8e; font-size: 13px; }
  .legend { display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 11px; } .legend i { display: inline-block; width: 10px; height: 3px; margin: 0 4px 3px 0; vertical-align: middle; }
  .stat { font-size: 48px; color: #73bf69; text-align: center; margin-top: 40px; }
</style>
<header>${escape(dashboard.title)}<small>job: All · instance: All · last ${minutes} minutes · rendered from the dashboard JSON and a real Prometheus (deploy/grafana/preview)</small></header>
<main>${panels.join('\n')}</main>
`);
// The page's full height, for the screenshot's window size.
console.log(pageHeight + 60);
