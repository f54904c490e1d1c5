// Merchant analytics from the server's merchant API (analytics JSON and the
// ledger CSV, with the demo API key), charted with uPlot (vendored into the
// bundle); and the program simulator: the core in wasm runs the shop's program
// over an order history in the browser, month by month, to chart its cost.
import uPlot from 'uplot';
import { config, core, getLocale, h, initLanguage, money, number, onLocale, programMoney, t } from './common.js';

initLanguage();
const cfg = await config();
const auth = { Authorization: `Bearer ${cfg.api_key}` };
const admin = `/api/v1/admin/shops/${cfg.shop}`;
const COLORS = ['#1f5f4a', '#c8553d', '#e0a458', '#6c8ead', '#8e7cc3', '#7a7a7a'];

function width(el) { return Math.max(280, el.clientWidth - 8); }

/** A line chart of several series over time (x: epoch seconds). */
function lines(el, x, series, opts = {}) {
  el.replaceChildren();
  return new uPlot({
    width: width(el), height: 240, legend: { show: true },
    scales: { x: { time: true } },
    axes: [{}, { size: 60 }],
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i], width: 2, fill: opts.fill ? COLORS[i] + '22' : undefined }))],
  }, [x, ...series.map((s) => s.values)], el);
}

/** Bars for categories (uPlot's bars path builder, x = index). */
function bars(el, labels, values, label) {
  el.replaceChildren();
  const x = labels.map((_, i) => i);
  return new uPlot({
    width: width(el), height: 240, legend: { show: false },
    scales: { x: { time: false, range: [-0.6, labels.length - 0.4] } },
    axes: [{ values: (u, ticks) => ticks.map((i) => labels[i] ?? ''), splits: () => x, grid: { show: false } }, { size: 50 }],
    series: [{}, { label, fill: COLORS[0] + 'cc', stroke: COLORS[0], paths: uPlot.paths.bars({ size: [0.6, 80] }), points: { show: false } }],
  }, [x, values], el);
}

/** A tiny CSV reader (quoted fields as the server writes them). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) { if (c === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else q = false; } else field += c; }
    else if (c === '"') q = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((k, i) => [k, r[i]])));
}

const WEEK = 7 * 86400;
// The shop's money (currency, minor digits) from the core's normalised program: its defaults, none of this page's.
// Fetched once per page: the shop's figures, its experiment and a language switch share it.
let shopMoneyOnce = null;
const shopMoney = () => shopMoneyOnce || (shopMoneyOnce = fetch(`${admin}/program`, { headers: auth })
  .then((r) => r.text()).then(programMoney).catch((e) => { shopMoneyOnce = null; throw e; }));

async function loadShop() {
  const status = document.getElementById('load-status');
  const [a, csv, shop] = await Promise.all([
    fetch(`${admin}/analytics`, { headers: auth }).then((r) => r.json()),
    fetch(`${admin}/ledger.csv`, { headers: auth }).then((r) => r.text()),
    shopMoney(),
  ]);
  const kpi = (label, value) => h('div', { class: 'kpi' }, h('span', { class: 'label', text: t(label) }), h('strong', { text: value }));
  document.getElementById('kpis').replaceChildren(
    kpi('customers', number(a.customers)), kpi('issued', number(a.points_issued)), kpi('redeemed', number(a.points_redeemed)),
    kpi('outstanding', number(a.points_outstanding)), kpi('pendingPts', number(a.points_pending)),
    kpi('liabilityMoney', shop.format(a.liability.amount)),
    kpi('redemptionRate', new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(a.redemption_rate)));

  // Issued and redeemed per week, from the ledger (issued counted as the server counts it:
  // every positive movement of available points except restores).
  const entries = parseCsv(csv);
  const weeks = new Map();
  for (const e of entries) {
    const at = Math.floor(Date.parse(e.at) / 1000);
    const w = Math.floor(at / WEEK) * WEEK;
    const b = weeks.get(w) || { issued: 0, redeemed: 0, net: 0 };
    const p = Number(e.points);
    if (p > 0 && e.type !== 'restore') b.issued += p;
    if (e.type === 'redeem') b.redeemed += -p;
    b.net += p + Number(e.pending);
    weeks.set(w, b);
  }
  const xs = [...weeks.keys()].sort((x, y) => x - y);
  const x = [], issued = [], redeemed = [], outstanding = [];
  let running = 0;
  if (xs.length) for (let w = xs[0]; w <= xs.at(-1); w += WEEK) {
    const b = weeks.get(w) || { issued: 0, redeemed: 0, net: 0 };
    running += b.net;
    x.push(w); issued.push(b.issued); redeemed.push(b.redeemed); outstanding.push(running);
  }
  lines(document.getElementById('chart-time'), x, [{ label: t('issued'), values: issued }, { label: t('redeemed'), values: redeemed }]);
  lines(document.getElementById('chart-liability'), x, [{ label: `${t('outstanding')} + ${t('pendingPts')}`, values: outstanding }], { fill: true });
  const tiers = Object.entries(a.tiers || {});
  bars(document.getElementById('chart-tiers'), tiers.map(([k]) => k), tiers.map(([, v]) => v), t('customers'));
  const r = a.referrals || {};
  bars(document.getElementById('chart-referrals'), [t('visits'), t('signups'), t('conversions')],
    [r.visits || 0, r.referees_signed_up || 0, r.conversions || 0], t('referralConversions'));
  // Win-back: lapses offered, customers who came back within the offer, and what those orders spent.
  const wb = a.win_back || { offered: 0, came_back: 0, spent: 0 };
  bars(document.getElementById('chart-win-back'), [t('wbOffered'), t('wbCameBack')], [wb.offered, wb.came_back], t('winBack'));
  document.getElementById('win-back-spent').textContent = t('wbSpent', shop.format(wb.spent));
  status.textContent = `${entries.length} ledger entries · program v${a.program_version}`;
  document.body.dataset.charts = 'ready';
}

// ---- A/B test of showing points ----------------------------------------------
// The server's report is the core's (report_experiment): per variant visitors,
// conversion and average order; the differences with their 95% intervals; the
// sample size still needed for the experiment's minimum effect.
async function loadExperiment() {
  const { experiments } = await fetch(`${admin}/experiments`, { headers: auth }).then((r) => r.json());
  const status = document.getElementById('exp-status');
  if (!experiments.length) { status.textContent = t('expNone'); return; }
  const x = experiments[0];
  const [a, shop] = await Promise.all([
    fetch(`${admin}/experiments/${encodeURIComponent(x.id)}/analytics`, { headers: auth }).then((r) => r.json()), shopMoney()]);
  const pct = (v, digits = 1) => new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
  const pts = (v) => (v >= 0 ? '+' : '') + new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(v * 100);
  const cash = (minor) => shop.format(Math.round(minor));  // in the shop's currency
  status.textContent = t('expStatus', x.id, t('exp_' + x.status), pct(x.shown_basis_points / 10000, 0),
    new Date(x.starts_at * 1000).toLocaleDateString(getLocale()), new Date(x.ends_at * 1000).toLocaleDateString(getLocale()));
  const row = (label, f) => h('tr', {}, h('th', { scope: 'row', text: t(label) }), h('td', { text: f(a.hidden) }), h('td', { text: f(a.shown) }));
  document.getElementById('exp-table').replaceChildren(
    h('thead', {}, h('tr', {}, h('th', {}), h('th', { scope: 'col', text: t('expHidden') }), h('th', { scope: 'col', text: t('expShown') }))),
    h('tbody', {}, row('expVisitors', (v) => number(v.visitors)), row('expConverted', (v) => number(v.converted)),
      row('expRate', (v) => pct(v.conversion_rate)), row('expOrders', (v) => number(v.orders)),
      row('expAov', (v) => cash(v.average_order))));
  const items = [];
  if (a.conversion) items.push(h('li', { dataset: { result: 'conversion' } }, t('expConversion', pts(a.conversion.difference),
    pts(a.conversion.low), pts(a.conversion.high), a.conversion.p_value.toFixed(3))));
  if (a.order_value) items.push(h('li', { dataset: { result: 'order-value' } }, t('expOrderValue', cash(a.order_value.difference),
    cash(a.order_value.low), cash(a.order_value.high), a.order_value.p_value.toFixed(3))));
  const needed = a.sample_size.needed_per_variant;
  if (needed != null) items.push(h('li', { dataset: { result: 'sample-size' } }, a.sample_size.still_needed > 0
    ? t('expNeeded', number(needed), pts(x.minimum_effect_basis_points / 10000), number(a.sample_size.still_needed))
    : t('expEnough', number(needed))));
  for (const why of a.not_yet) items.push(h('li', { class: 'muted', text: `${why.pointer}: ${why.message}` }));
  document.getElementById('exp-results').replaceChildren(...items);
  document.body.dataset.experiment = 'ready';
}

// ---- simulator --------------------------------------------------------------
async function historyText() {
  const file = document.getElementById('sim-file').files[0];
  if (file) return file.text();
  const r = await fetch(document.getElementById('sim-sample').value);
  if (!r.ok) throw new Error('sample history missing (node demo/build.mjs makes it)');
  return r.text();
}

async function simulate() {
  const out = document.getElementById('sim-status');
  out.textContent = '…';
  delete document.body.dataset.sim;
  try {
    const [c, program, text] = await Promise.all([core(), fetch(`${admin}/program`, { headers: auth }).then((r) => r.text()), historyText()]);
    const percent = Number(document.getElementById('sim-percent').value);
    const [head, ...rows] = text.trim().split(/\r?\n/);
    const col = head.split(',').indexOf('placed_at');
    if (col < 0) throw new Error('the CSV needs a placed_at column');
    const when = (line) => { const v = line.split(',')[col]; return /^\d+$/.test(v) ? Number(v) : Math.floor(Date.parse(v) / 1000); };
    const sorted = rows.map((l) => [when(l), l]).sort((a, b) => a[0] - b[0]);
    const first = new Date(sorted[0][0] * 1000), last = sorted.at(-1)[0];
    // Month ends from the first order to the last: the program run over each prefix of the history.
    const x = [], issued = [], redeemed = [], liability = [];
    let report = null;
    for (let m = 1; ; m++) {
      const end = Math.floor(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 1) / 1000);
      const upto = sorted.filter(([at]) => at < end).map(([, l]) => l);
      const r = c.simulate(program, [head, ...upto].join('\n') + '\n', percent, end);
      if (!r.ok) throw new Error(r.error);
      report = r.value;
      x.push(end); issued.push(report.points_issued); redeemed.push(report.redeemed_value.amount); liability.push(report.liability.amount);
      if (end > last) break;
      await new Promise((res) => setTimeout(res, 0));   // keep the page responsive between months
    }
    // The report's own currency, in the minor digits of the program it ran (the core's normalised program).
    const cur = report.liability.currency;
    const { digits } = await programMoney(program);
    const kpi = (label, value) => h('div', { class: 'kpi' }, h('span', { class: 'label', text: label }), h('strong', { text: value }));
    document.getElementById('sim-summary').replaceChildren(
      kpi(t('simResult', number(report.orders), number(report.customers)), number(report.points_issued) + ' ' + t('issued').toLowerCase()),
      kpi(t('redeemed'), money(redeemed.at(-1), cur, digits)), kpi(t('liabilityMoney'), money(liability.at(-1), cur, digits)));
    lines(document.getElementById('chart-sim'), x, [
      { label: `${t('redeemed')} (${cur}, minor units)`, values: redeemed },
      { label: `${t('liabilityMoney')} (${cur}, minor units)`, values: liability }]);
    out.textContent = t('simResult', number(report.orders), number(report.customers));
    document.body.dataset.sim = 'done';
  } catch (e) {
    out.textContent = String(e.message || e);
    document.body.dataset.sim = 'error';
  }
}
document.getElementById('sim-run').addEventListener('click', simulate);
onLocale(() => { loadShop(); loadExperiment(); });
loadExperiment().catch((e) => { document.getElementById('exp-status').textContent = String(e.message || e); });
await loadShop().catch((e) => { document.getElementById('load-status').textContent = String(e.message || e); });
