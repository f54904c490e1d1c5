// Starts what the demo runs, on free loopback ports with a temporary SQLite
// database: loyalty-server (static files: a temp folder linking demo/'s pages,
// with its own demo-config.json and the product page rendered with its first
// figure by demo/server/render-product.mjs), the demo shop backend, the seed; and Debian's
// Chromium through playwright-core. Everything is stopped by stop().
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOP = 'demo';
export const SECRET = 'demo-test-secret';
export const API_KEY = 'demo-test-key';
export const CUSTOMER = 'demo-shopper';
export const RECEIVER_SECRET = 'demo-test-receiver-secret';
// scripts/demo.sh's short retry schedule (DEMO_DELIVERY): a refused notification is dead after 3 attempts, ~3 s.
export const DEMO_DELIVERY = ['--delivery-interval-ms', '500', '--delivery-backoff-ms', '1000', '--delivery-backoff-cap-ms', '2000',
  '--delivery-max-attempts', '3'];
export const shotDir = path.join(root, 'artifacts/screenshots/demo');
fs.mkdirSync(shotDir, { recursive: true });

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitFor(url, ms = 10000) {
  const until = Date.now() + ms;
  for (;;) {
    try { const r = await fetch(url); if (r.ok) return; } catch { /* not yet */ }
    if (Date.now() > until) throw new Error('no answer from ' + url);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDemo({ extraOrigins = [] } = {}) {
  const server = process.env.LOYALTY_SERVER || path.join(root, 'build/server/loyalty-server');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-demo-test-'));
  const www = path.join(tmp, 'www');
  fs.mkdirSync(www);
  for (const f of fs.readdirSync(path.join(root, 'demo'))) {
    if (f === 'demo-config.json' || f === 'store' || f.startsWith('.')) continue;
    fs.symlinkSync(path.join(root, 'demo', f), path.join(www, f));
  }
  // store/ of its own: product.html is rendered with its first figure once the shop is seeded.
  fs.mkdirSync(path.join(www, 'store'));
  for (const f of fs.readdirSync(path.join(root, 'demo/store'))) fs.symlinkSync(path.join(root, 'demo/store', f), path.join(www, 'store', f));
  const port = await freePort();
  const backendPort = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const origins = [api, ...extraOrigins].flatMap((o) => ['--origin', o]);
  const db = path.join(tmp, 'loyalty.db');
  execFileSync(server, ['--db', `sqlite:${db}`, 'shop-create', '--shop', SHOP, '--secret', SECRET, '--api-key', API_KEY,
    ...origins, '--program', path.join(root, 'examples/fashion-store.json')], { stdio: 'ignore' });
  fs.writeFileSync(path.join(www, 'demo-config.json'), JSON.stringify({
    demo_only: true, shop: SHOP, customer: CUSTOMER, api_key: API_KEY, shop_backend: `http://127.0.0.1:${backendPort}` }));
  const procs = [];
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w');
  procs.push(spawn(server, ['--db', `sqlite:${db}`, '--port', String(port), '--static', www, '--quiet', '--tick-interval', '0',
    '--exposures-per-minute', '0', ...DEMO_DELIVERY],  // the seed's 900 exposure beacons come from one address
    { stdio: ['ignore', log, log] }));
  procs.push(spawn(process.execPath, [path.join(root, 'demo/server/shop-backend.mjs'), '--api', api, '--port', String(backendPort),
    '--shop', SHOP, '--secret', SECRET, '--customer', CUSTOMER, '--receiver-secret', RECEIVER_SECRET, ...origins],
    { stdio: ['ignore', log, log] }));
  await waitFor(`${api}/healthz`);
  await waitFor(`http://127.0.0.1:${backendPort}/healthz`);
  execFileSync(process.execPath, [path.join(root, 'demo/server/seed.mjs'), '--api', api, '--shop', SHOP, '--secret', SECRET,
    '--api-key', API_KEY, '--customer', CUSTOMER, '--receiver', `http://127.0.0.1:${backendPort}/notifications`,
    '--receiver-secret', RECEIVER_SECRET], { stdio: ['ignore', 'pipe', 'inherit'] });
  execFileSync(process.execPath, [path.join(root, 'demo/server/render-product.mjs'), '--api', api, '--shop', SHOP,
    '--api-key', API_KEY, '--customer', CUSTOMER, '--out', path.join(www, 'store/product.html')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync'],
    // playwright-core gives every launch a fresh temporary --user-data-dir of its own
    // (it refuses the flag here); each test then opens its own new context.
  });
  return {
    api, tmp, browser, backend: `http://127.0.0.1:${backendPort}`,
    /** The server's view of a customer (merchant API). */
    async customer(id) {
      const r = await fetch(`${api}/api/v1/admin/shops/${SHOP}/customers/${id}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
      return r.json();
    },
    async stop() {
      await browser.close().catch(() => {});
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => (p.exitCode !== null ? null : new Promise((r) => p.once('exit', r)))));
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A page that fails the test on any uncaught error or CSP violation. */
export async function newPage(demo, { locale = 'en-US', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await demo.browser.newContext({ locale, viewport });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) page.errors.push(m.text()); });
  return page;
}

export async function shot(page, name) {
  const file = path.join(shotDir, name + '.png');
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
