// Shared set-up for the browser tests: the suite's server (the real
// loyalty-server behind the test pages, fixture/server.mjs), Chromium, and a
// native quote to compare the widget's numbers with.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch, watch } from './browser.mjs';
import { startFixture } from './fixture/server.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LOCALES = ['en', 'zh-Hant', 'zh-Hans', 'ro'];

/** The suite's server and Chromium; `options` go to the browser context (e.g. timezoneId). */
export async function setUp(options = {}) {
  if (!fs.existsSync(path.join(root, 'web/dist/loyalty.js'))) throw new Error('web/dist is not built: node web/build.mjs');
  const fixture = await startFixture();
  const { context, close } = await launch(options);
  return {
    fixture, context,
    async page(pathAndQuery, { reducedMotion } = {}) {
      const page = await context.newPage();
      if (reducedMotion) await page.emulateMedia({ reducedMotion });
      const problems = watch(page);
      await page.goto(fixture.url + pathAndQuery);
      return { page, problems };
    },
    async tearDown() {
      await close();
      await fixture.close();
    },
  };
}

/** The native CLI's quote for a cart, with a customer's ledger as the server holds it (or anonymous). */
export function nativeQuote(fixture, shop, customer, cart, now = new Date()) {
  const store = fixture.stores[shop];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-native-'));
  const c = { id: customer || 'anonymous', ...(customer ? { ledger: store.ledger(customer) } : {}) };
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify(c));
  fs.writeFileSync(path.join(dir, 'cart.json'), JSON.stringify(cart));
  const r = spawnSync(path.join(root, 'build/cli/loyalty'), ['quote', '--program', store.programFile, '--customer',
    path.join(dir, 'c.json'), '--cart', path.join(dir, 'cart.json'), '--now', now.toISOString().replace(/\.\d+Z$/, 'Z')],
  { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** Runs axe-core on the page (open shadow roots included); returns the violations. */
export async function axe(page, context = 'html') {
  await page.addScriptTag({ path: path.join(root, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async (ctx) => {
    const r = await window.axe.run(ctx, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, context);
}

/** The deepest focused element's description, through shadow roots. */
export function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    const path = [];
    while (a) {
      path.push(a.tagName.toLowerCase() + (a.className && typeof a.className === 'string' ? '.' + a.className.split(' ').join('.') : ''));
      if (a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
      else break;
    }
    const inDialog = !!(a && a.closest && a.closest('dialog'));
    return { path: path.join(' > '), text: a ? (a.getAttribute('aria-label') || a.textContent || '').trim() : '', inDialog,
      host: path[0] };
  });
}

export const screenshotsDir = path.join(root, 'artifacts/screenshots');
