// DEMO ONLY. An A/B test of showing points with a history, through the real
// API: the merchant's experiment (started four weeks ago), exposures of 600
// signed-in customers and 300 anonymous visitors as the widget's beacon sends
// them, and the orders of some exposed customers as signed webhooks, which the
// server attributes to their variants. Each visitor's variant is the core's
// (`loyalty variant`, the server computes the same); fixed ids and a fixed
// generator, so a second run writes nothing new.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { signCustomer } from './sign.mjs';
import { CATALOG } from '../src/catalog.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXPERIMENT = 'points-on-product-and-cart';
const DAY = 86400;

function variants(ids) {
  const cli = process.env.LOYALTY_CLI || path.join(root, 'build/cli/loyalty');
  const run = spawnSync(cli, ['variant', '--experiment', EXPERIMENT, '--split', '5000'],
    { input: ids.join('\n') + '\n', encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loyalty variant: ${run.stderr || run.error}`);
  return run.stdout.trimEnd().split('\n');
}

export async function seedExperiment({ api, shop, secret, apiKey, webhook, rand }) {
  const admin = `${api}/api/v1/admin/shops/${shop}/experiments`;
  const auth = { Authorization: `Bearer ${apiKey}` };
  const now = Math.floor(Date.now() / 1000);
  const listed = await (await fetch(admin, { headers: auth })).json();
  if (!listed.experiments.some((e) => e.id === EXPERIMENT)) {
    const r = await fetch(admin, { method: 'POST', headers: auth, body: JSON.stringify({ id: EXPERIMENT,
      shown_basis_points: 5000, starts_at: now - 28 * DAY, ends_at: now + 14 * DAY, minimum_effect_basis_points: 300 }) });
    if (r.status !== 201) throw new Error(`experiment: ${r.status} ${await r.text()}`);
  }
  const customers = Array.from({ length: 600 }, (_, i) => `ab-${String(i + 1).padStart(4, '0')}`);
  const visitors = Array.from({ length: 300 }, (_, i) => `v-demo-${i + 1}`);
  const assigned = variants([...customers, ...visitors]);
  const beacon = async (who, variant) => {
    const r = await fetch(`${api}/api/v1/shops/${shop}/experiments/exposures`, { method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ ...who, exposures: [{ experiment: EXPERIMENT, variant }] }) });
    if (r.status !== 200) throw new Error(`exposure: ${r.status} ${await r.text()}`);
  };
  for (const [i, c] of customers.entries())
    await beacon({ customer: c, signature: signCustomer(secret, shop, c, 600).signature }, assigned[i]);
  for (const [i, v] of visitors.entries()) await beacon({ visitor: v }, assigned[customers.length + i]);
  // Customers who saw points buy a little more often (14% against 10%) and a little more.
  let orders = 0;
  for (const [i, c] of customers.entries()) {
    const shown = assigned[i] === 'shown';
    if (rand() >= (shown ? 0.14 : 0.10)) continue;
    const items = Array.from({ length: 1 + Math.floor(rand() * (shown ? 2.4 : 2)) },
      () => [CATALOG[Math.floor(rand() * CATALOG.length)], 1]);
    await webhook({ customer: c, id: `seed-${c}-ab-1`, type: 'order_paid', at: Math.floor(Date.now() / 1000),
      order: { id: String(800000000 + i), currency: 'EUR', lines: items.map(([p, q], k) => ({
        id: String(k + 1), product_id: p.id, variant_id: p.variant, unit_price: p.price, quantity: q,
        collections: p.collections, tags: p.tags })) } });
    orders++;
  }
  return { experiment: EXPERIMENT, exposed: customers.length + visitors.length, orders };
}
