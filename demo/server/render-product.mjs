// DEMO ONLY. Plays the shop's page renderer for the sample product page: it
// puts the first figure ("Earn 472 points") into <loyalty-product-points>, as
// a shop's server renders it, so the number shows with the page's first paint
// instead of after the widget's chunks, the wasm and the program have loaded.
// The figure is the native core's (`loyalty quote`, the same C++ the wasm
// is built from) for the element's own product attributes, the shop's
// program as the server serves it and the demo shopper's ledger (the store
// signs them in). The wasm core then confirms it, or corrects it if the
// program or the shopper changed since (web/README.md, "The first figure").
//
//   node demo/server/render-product.mjs --api URL --shop ID --api-key K --customer ID --out FILE
//
// Reads demo/store/product.html; writes it to --out with the figure in place
// of the <!--first-figure--> marker.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const MARKER = '<!--first-figure-->';

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The product line the element quotes, from its own attributes (the figure is for exactly what the element says). */
export function productOf(html) {
  const tag = html.match(/<loyalty-product-points\b([^>]*)>/);
  if (!tag) throw new Error('no <loyalty-product-points> in the page');
  const attrs = Object.fromEntries([...tag[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const list = (s) => String(s || '').split(/[,\s]+/).filter(Boolean);
  const line = { id: 'product', product_id: attrs['product-id'], quantity: Number(attrs.quantity || 1),
    unit_price: Number(attrs.price), collections: list(attrs.collections), tags: list(attrs.tags) };
  if (attrs['variant-id']) line.variant_id = attrs['variant-id'];
  return line;
}

/**
 * Which way the first figure goes under the shop's running A/B tests of showing
 * points (`experiments` as GET .../experiments lists them): "shown" (none runs,
 * or the core puts the signed customer in "shown" in every one), "hidden" (no
 * figure: the shopper must never see points flash), or "undecided" for an
 * anonymous visitor, whose id lives in the browser's storage: the figure comes
 * hidden and the widget shows it once the core has decided (web/README.md).
 * The variant is the native core's (`loyalty variant`), as the server computes it.
 */
export function figureVariant(experiments, customer, cli = path.join(root, 'build/cli/loyalty')) {
  if (!experiments.length) return 'shown';
  if (!customer) return 'undecided';
  if (/[\r\n]/.test(customer)) return 'hidden';  // the CLI reads one id per line: no guess for such an id
  const shown = experiments.every((x) => execFileSync(cli, ['variant', '--experiment', x.id, '--split', String(x.shown_basis_points)],
    { input: customer + '\n', encoding: 'utf8' }) === 'shown\n');
  return shown ? 'shown' : 'hidden';
}

/** The figure's markup for `points` under `variant` (figureVariant): escaped; nothing when hidden. */
export function figureHtml(points, variant = 'shown') {
  if (variant === 'hidden') return '';
  const n = escapeHtml(points);
  return `<span class="first-figure" data-points="${n}"${variant === 'undecided' ? ' hidden' : ''}>Earn <strong>${escapeHtml(Number(points).toLocaleString('en-US'))} points</strong></span>`;
}

/** The running experiments as the page carries them (the widget reads them at once), escaped for a <script>. */
export const experimentsScript = (shop, list) => `<script type="application/json" data-loyalty-experiments="${escapeHtml(shop)}">` +
  `${JSON.stringify({ experiments: list }).replaceAll('<', '\\u003c')}</script>`;

/** The page with its first figure: {html, points, variant}. */
export async function renderProductPage({ api, shop, apiKey, customer, cli = path.join(root, 'build/cli/loyalty'),
  template = path.join(root, 'demo/store/product.html'), now = new Date() }) {
  const html = fs.readFileSync(template, 'utf8');
  if (!html.includes(MARKER)) throw new Error(`${template} has no ${MARKER}`);
  const get = async (url, headers = {}) => {
    const r = await fetch(api + url, { headers });
    if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
    return r.json();
  };
  const program = await get(`/api/v1/shops/${encodeURIComponent(shop)}/program`);
  const { experiments } = await get(`/api/v1/shops/${encodeURIComponent(shop)}/experiments`);
  // The whole ledger: the merchant API pages it (next_cursor).
  const entries = [];
  for (let cursor = ''; ;) {
    const page = await get(`/api/v1/admin/shops/${encodeURIComponent(shop)}/customers/${encodeURIComponent(customer)}/ledger` +
      (cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''), { Authorization: `Bearer ${apiKey}` });
    entries.push(...page.entries);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-render-'));
  let quote;
  try {
    const file = (name, value) => { fs.writeFileSync(path.join(dir, name), JSON.stringify(value)); return path.join(dir, name); };
    const out = execFileSync(cli, ['quote', '--program', file('program.json', program),
      '--customer', file('customer.json', { id: customer, ledger: entries }),
      '--cart', file('cart.json', { currency: program.currency, lines: [productOf(html)] }),
      '--now', now.toISOString().replace(/\.\d+Z$/, 'Z')], { encoding: 'utf8' });
    quote = JSON.parse(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const variant = figureVariant(experiments, customer, cli);
  return { points: quote.points, variant,
    html: html.replace(MARKER, figureHtml(quote.points, variant)).replace('</head>', experimentsScript(shop, experiments) + '\n</head>') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
  if (!args.api || !args.shop || !args['api-key'] || !args.customer || !args.out) {
    console.error('usage: render-product.mjs --api URL --shop ID --api-key K --customer ID --out FILE');
    process.exit(2);
  }
  const { html, points, variant } = await renderProductPage({ api: args.api, shop: args.shop, apiKey: args['api-key'], customer: args.customer });
  fs.writeFileSync(args.out + '.tmp', html);
  fs.renameSync(args.out + '.tmp', args.out);  // never a half-written page
  console.log(`${args.out}: first figure ${points} points (${variant})`);
}
