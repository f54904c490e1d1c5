// The demo in headless Chromium against the real server (tests/demo/harness.mjs):
// builder (earn rate -> product points, field errors), the copied embed snippet
// on a blank page of another origin, a test order on the storefront, and the
// simulator. Oracles: the native CLI (`loyalty quote`, `loyalty simulate`) and
// the server's merchant API. Screenshots: artifacts/screenshots/demo/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { startDemo, newPage, shot, root, freePort, SHOP, SECRET, CUSTOMER, API_KEY } from './harness.mjs';
import { signCustomer } from '../../demo/server/sign.mjs';
import { CATALOG, lineOf } from '../../demo/src/catalog.js';

// The shop's own site: another origin on loopback (Chromium's private network
// access rules refuse a public-looking origin calling a loopback API).
let SHOP_ORIGIN = '';
let shopSite = null;
let shopPage = '';
const cli = path.join(root, 'build/cli/loyalty');
let demo;

before(async () => {
  const port = await freePort();
  SHOP_ORIGIN = `http://127.0.0.1:${port}`;
  shopSite = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }); res.end(shopPage); });
  await new Promise((r) => shopSite.listen(port, '127.0.0.1', r));
  demo = await startDemo({ extraOrigins: [SHOP_ORIGIN] });
});
after(async () => { await demo?.stop(); shopSite?.close(); });

const digits = (s) => Number(String(s).replace(/[^\d]/g, ''));
/** The first number in a text ("Earn 1,159 points · Weekend bonus" -> 1159). */
const firstNumber = (s) => Number((String(s).match(/\d[\d,.\u00a0\u202f ]*/) || ['NaN'])[0].replace(/[^\d]/g, ''));

/** Native `loyalty quote` of one product for an anonymous visitor, now. */
function nativeProductPoints(program, product) {
  const dir = fs.mkdtempSync(path.join(demo.tmp, 'q-'));
  fs.writeFileSync(path.join(dir, 'p.json'), JSON.stringify(program));
  fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ currency: program.currency, lines: [lineOf(product, 1, '1')] }));
  const out = execFileSync(cli, ['quote', '--program', path.join(dir, 'p.json'), '--cart', path.join(dir, 'c.json'),
    '--now', new Date().toISOString().replace(/\.\d+Z$/, 'Z')]);
  return JSON.parse(out).points;
}

async function productPoints(page) {
  await page.waitForFunction(() => /\d/.test(document.querySelector('#pv-points')?.shadowRoot?.textContent || ''), null, { timeout: 20000 });
  return firstNumber(await page.locator('#pv-points').evaluate((e) => e.shadowRoot.textContent));
}

test('builder: changing the earn rate updates the real widget\'s product points (equal to the native quote)', async () => {
  const page = await newPage(demo);
  await page.goto(demo.api + '/');
  await page.locator('body[data-ready=true]').waitFor({ timeout: 20000 });
  await page.locator('#program[data-valid=true]').waitFor();
  const program = await (await fetch(`${demo.api}/api/v1/shops/${SHOP}/program`)).json();
  const before1 = await productPoints(page);
  assert.equal(before1, nativeProductPoints(program, CATALOG[0]), 'preview before the change = native quote');

  await page.fill('[data-pointer="/earn/points"]', '3');
  const changed = structuredClone(program);
  changed.earn.points = 3;
  const expected = nativeProductPoints(changed, CATALOG[0]);
  assert.notEqual(expected, before1);
  await page.waitForFunction((n) => {
    const m = document.querySelector('#pv-points').shadowRoot.textContent.match(/\d[\d,.\u00a0\u202f ]*/);
    return m && Number(m[0].replace(/[^\d]/g, '')) === n;
  }, expected, { timeout: 15000 });
  assert.equal(await productPoints(page), expected);
  await shot(page, 'builder');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('builder: an invalid field shows the core\'s error next to it, and a fix clears it', async () => {
  const page = await newPage(demo);
  await page.goto(demo.api + '/');
  await page.locator('#program[data-valid=true]').waitFor({ timeout: 20000 });
  await page.fill('[data-pointer="/earn/per_amount"]', '0');
  const err = page.locator('[data-for="/earn/per_amount"] .field-error');
  await err.waitFor({ state: 'visible', timeout: 5000 });
  assert.match(await err.textContent(), /at least 1/);
  assert.equal(await page.getAttribute('[data-pointer="/earn/per_amount"]', 'aria-invalid'), 'true');
  await page.fill('[data-pointer="/rewards/0/cost"]', '2.5');
  const err2 = page.locator('[data-for="/rewards/0/cost"] .field-error');
  await err2.waitFor({ state: 'visible', timeout: 5000 });
  assert.match(await page.locator('#status').textContent(), /2/);
  await shot(page, 'builder-errors');
  await page.fill('[data-pointer="/earn/per_amount"]', '100');
  await page.fill('[data-pointer="/rewards/0/cost"]', '500');
  await page.locator('#program[data-valid=true]').waitFor({ timeout: 5000 });
  assert.equal(await err.isVisible(), false);
  // Each example program loads into the form and comes back out valid (the form loses nothing).
  for (const name of ['coffee-shop', 'premium-membership', 'fashion-store']) {
    const expected = JSON.parse(fs.readFileSync(path.join(root, 'examples', name + '.json'), 'utf8')).name;
    await page.click(`[data-example="${name}"]`);
    await page.waitForFunction((n) => document.querySelector('[data-pointer="/name"]').value === n, expected, { timeout: 5000 });
    await page.waitForTimeout(300);   // the form validates on load; a later debounce must not change the answer
    assert.equal(await page.getAttribute('#program', 'data-valid'), 'true', `${name}: ${await page.locator('#status').textContent()}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('builder: a draft that leaves a default out previews the core\'s normalised program, as the server would serve it', async () => {
  const page = await newPage(demo);
  await page.goto(demo.api + '/');
  await page.locator('#program[data-valid=true]').waitFor({ timeout: 20000 });
  await page.fill('[data-pointer="/earn/per_amount"]', '');  // empty: left out of the draft
  await page.fill('[data-pointer="/earn/points"]', '7');     // a change the preview must carry
  // The builder answers the widget's GET …/program for the preview itself.
  const preview = () => page.evaluate(async () => (await fetch(location.origin + '/preview/0/api/v1/shops/x/program')).text());
  let served = await preview();
  for (let i = 0; i < 50 && JSON.parse(served).earn.points !== 7; i++) {
    await page.waitForTimeout(200);
    served = await preview();
  }
  assert.equal(JSON.parse(served).earn.points, 7);
  assert.equal(await page.getAttribute('#program', 'data-valid'), 'true');
  const file = path.join(fs.mkdtempSync(path.join(demo.tmp, 'n-')), 'p.json');
  fs.writeFileSync(file, served);
  // The core's to_json in the demo's wasm: what native `validate --normalised` writes back, byte for byte
  // (a fixed point), the left-out per_amount filled by the core.
  assert.equal(execFileSync(cli, ['validate', '--normalised', file], { encoding: 'utf8' }).trim(), served.trim());
  assert.ok(Number.isInteger(JSON.parse(served).earn.per_amount), 'per_amount is filled in');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('builder: the shop\'s names in other languages are fields of their own and reach the widget preview in that language', async () => {
  const page = await newPage(demo);
  await page.goto(demo.api + '/');
  await page.locator('#program[data-valid=true]').waitFor({ timeout: 20000 });
  // The demo shop's program is the fashion example, which carries Romanian names.
  const field = page.locator('[data-pointer="/translations/ro/~1rewards~11~1name"]');
  assert.equal(await field.inputValue(), 'Livrare gratuită');
  await page.selectOption('#widget-locale', 'ro');
  await field.fill('Transport gratuit');
  await page.click('#pv-widget .launcher');
  const name = page.locator('#pv-widget li[data-reward="free-shipping"] .name');
  await name.filter({ hasText: 'Transport gratuit' }).waitFor({ timeout: 15000 });
  // Emptied (with the modal panel closed: the page behind it is inert), the shop's own name shows again.
  await page.keyboard.press('Escape');
  await field.fill('');
  await page.click('#pv-widget .launcher');
  await name.filter({ hasText: 'Free shipping' }).waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Before the snippet and storefront tests: their page views are exposures of their own (the widget's beacon).
test('experiment: the seeded A/B test\'s analytics show both variants, the interval and the sample size still needed', async () => {
  const report = await (await fetch(`${demo.api}/api/v1/admin/shops/${SHOP}/experiments/points-on-product-and-cart/analytics`,
    { headers: { Authorization: `Bearer ${API_KEY}` } })).json();
  assert.equal(report.hidden.visitors + report.shown.visitors, 900, 'every seeded exposure counted once');
  assert.ok(report.hidden.orders > 0 && report.shown.orders > 0, 'orders attributed to both variants');
  assert.ok(report.sample_size.still_needed > 0);
  const page = await newPage(demo);
  await page.goto(demo.api + '/analytics.html');
  await page.locator('body[data-experiment=ready]').waitFor({ timeout: 20000 });
  const cells = await page.locator('#exp-table tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(cells.map(digits), [report.hidden.visitors, report.shown.visitors]);
  const conversion = await page.locator('#exp-results [data-result=conversion]').textContent();
  const pts = (v) => (v >= 0 ? '+' : '') + (v * 100).toFixed(1);
  for (const v of [report.conversion.difference, report.conversion.low, report.conversion.high]) assert.ok(conversion.includes(pts(v)), `${conversion} shows ${pts(v)}`);
  const needed = await page.locator('#exp-results [data-result=sample-size]').textContent();
  assert.ok(needed.includes(new Intl.NumberFormat('en').format(report.sample_size.still_needed)), needed);
  await page.locator('#experiment').scrollIntoViewIfNeeded();
  await page.locator('#experiment').screenshot({ path: path.join(root, 'docs/screenshots/demo-experiment.png') });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('snippet: the copied embed snippet on a blank page of the shop\'s origin, with a signed identity, shows that shopper\'s balance', async () => {
  const page = await newPage(demo);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.api });
  await page.goto(demo.api + '/');
  await page.locator('#program[data-valid=true]').waitFor({ timeout: 20000 });
  await page.click('#copy');
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(snippet, /<loyalty-widget /);
  await page.context().close();

  // What the shop's server does: sign its signed-in customer (Node example of the builder).
  const { signature } = signCustomer(SECRET, SHOP, CUSTOMER, 600);
  shopPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank shop page</title></head><body>
<h1>A blank shop page</h1>
${snippet.replaceAll('CUSTOMER_ID', CUSTOMER).replaceAll('SIGNATURE', signature)}
</body></html>`;
  const blank = await newPage(demo);
  // loyalty-server's --static sends no CORS headers; a CDN serving web/dist would. Stand in for it:
  await blank.route(demo.api + '/widget/**', async (route) => {
    const r = await route.fetch();
    await route.fulfill({ response: r, headers: { ...r.headers(), 'access-control-allow-origin': '*' } });
  });
  await blank.goto(SHOP_ORIGIN + '/account');
  const launcher = blank.locator('loyalty-widget .launcher[data-balance]');
  await launcher.waitFor({ timeout: 20000 });
  const server = await demo.customer(CUSTOMER);
  assert.ok(server.state.balance > 0, 'the seeded shopper has a balance');
  assert.equal(digits(await launcher.getAttribute('data-balance')), server.state.balance);
  await launcher.click();
  const balance = blank.locator('loyalty-widget [part~=balance]');
  await balance.waitFor({ timeout: 10000 });
  assert.ok((await balance.textContent()).replace(/[^\d]/g, '').startsWith(String(server.state.balance)));
  await shot(blank, 'snippet-panel');
  assert.deepEqual(blank.errors, []);
  await blank.context().close();
});

test('storefront: a test order raises the shopper\'s points in the open panel by what the product showed', async () => {
  const page = await newPage(demo);
  await page.goto(demo.api + '/store/product.html?product=cashmere-scarf');
  await page.locator('body[data-ready=true]').waitFor({ timeout: 20000 });
  const launcher = page.locator('loyalty-widget .launcher[data-balance]');
  await launcher.waitFor({ timeout: 20000 });
  await page.waitForFunction(() => /\d/.test(document.querySelector('#points')?.shadowRoot?.textContent || ''), null, { timeout: 20000 });
  const quoted = firstNumber(await page.locator('#points').evaluate((e) => e.shadowRoot.textContent));
  const before1 = (await demo.customer(CUSTOMER)).state;
  await launcher.click();
  const balance = page.locator('loyalty-widget [part~=balance]');
  await balance.waitFor({ timeout: 10000 });
  const panelText = async () => (await balance.textContent()).replace(/\s+/g, ' ');
  const shownBefore = await panelText();

  // The panel is a modal dialog, so a shopper cannot press the page's button behind it: the order
  // stands for one placed elsewhere (checkout in another tab). The page's own handler sends it.
  await page.evaluate(() => document.getElementById('place-order').click());
  await page.locator('#order-status[data-points]').waitFor({ timeout: 15000 });
  const awarded = Number(await page.getAttribute('#order-status', 'data-points'));
  assert.equal(awarded, quoted, 'the product preview (wasm, with the shopper\'s tier) = the server\'s award');
  const after1 = (await demo.customer(CUSTOMER)).state;
  const total = (s) => s.balance + s.pending;
  assert.equal(total(after1) - total(before1), awarded, 'the server recorded the points');
  // The open panel shows the new numbers without a reload.
  await page.waitForFunction(([b, p]) => {
    const el = document.querySelector('loyalty-widget').shadowRoot.querySelector('[part~=balance]');
    const nums = el ? el.textContent.replace(/[,.\u00a0\u202f]/g, '').split(/[^\d]+/) : [];
    return nums.includes(String(b)) && (p === 0 || nums.includes(String(p)));
  }, [after1.balance, after1.pending], { timeout: 15000 });
  assert.notEqual(await panelText(), shownBefore);
  assert.ok(await page.locator('loyalty-widget dialog[open]').count(), 'the panel stayed open');
  await shot(page, 'storefront-panel');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('storefront: the product page carries the native core\'s figure for the shopper, on screen before the wasm loads; the wasm shows the same number', async () => {
  const page = await newPage(demo, { viewport: { width: 390, height: 844 } });
  // The core's worker (and so the wasm) is held: only the page's own figure can show meanwhile.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/\/loyalty-core-worker-[A-Z0-9]+\.js$/, async (route) => { await held; await route.continue(); });
  try {
    await page.goto(demo.api + '/store/product.html');
    await page.waitForFunction(() => {
      const f = document.querySelector('#points > [data-points]');
      return customElements.get('loyalty-product-points') && f && f.getClientRects().length > 0;
    }, null, { timeout: 10000 });
    const carried = Number(await page.getAttribute('#points > [data-points]', 'data-points'));
    assert.ok(carried > 0, 'a figure in the page');
    assert.match(await page.locator('#points > [data-points]').textContent(), new RegExp(`Earn ${carried.toLocaleString('en-US')} points`));
    assert.equal(await page.locator('#points .earn[data-points]').count(), 0, 'the wasm has not answered yet');
    await shot(page, 'store-first-figure-390');
    await page.locator('body[data-ready=true]').waitFor({ timeout: 20000 });
    await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 20000 });
    release();
    // The wasm's figure for the signed shopper (their tier included) is the one the page carried.
    await page.waitForFunction((n) => document.querySelector('#points').shadowRoot.querySelector('.earn[data-points]')
      ?.getAttribute('data-points') === String(n), carried, { timeout: 20000 });
    assert.equal(await page.evaluate(() => document.querySelector('#points > [data-points]').getClientRects().length), 0,
      "the core's line stands in its place");
    assert.deepEqual(page.errors, []);
  } finally {
    release();
    await page.context().close();
  }
});

test('simulator: runs the shop\'s program over the sample history in wasm and charts the cost (equal to native simulate)', async () => {
  const page = await newPage(demo);
  await page.goto(demo.api + '/analytics.html');
  await page.locator('body[data-charts=ready]').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#chart-time canvas').count(), 1);
  assert.equal(await page.locator('#chart-tiers canvas').count(), 1);
  await page.click('#sim-run');
  await page.locator('body[data-sim=done]').waitFor({ timeout: 60000 });
  assert.equal(await page.locator('#chart-sim canvas').count(), 1);
  const summary = await page.locator('#sim-summary').textContent();
  const program = path.join(demo.tmp, 'sim-program.json');
  fs.writeFileSync(program, await (await fetch(`${demo.api}/api/v1/shops/${SHOP}/program`)).text());
  // The page's last run covers the whole history, as of the first of the month after the last order.
  const csv = path.join(root, 'demo/dist/samples/orders-2000.csv');
  const last = fs.readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => Date.parse(l.split(',')[2])).reduce((a, b) => Math.max(a, b));
  const d = new Date(last);
  const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().replace('.000Z', 'Z');
  const native = JSON.parse(execFileSync(cli, ['simulate', '--program', program, '--orders', csv, '--redeeming-percent', '50', '--end', end]));
  assert.ok(native.points_issued > 0);
  assert.ok(summary.replace(/[^\d]/g, ' ').split(/\s+/).includes(String(native.points_issued)) ||
    summary.includes(new Intl.NumberFormat('en').format(native.points_issued)), `summary ${summary} shows ${native.points_issued}`);
  await page.locator('#chart-sim').scrollIntoViewIfNeeded();
  await shot(page, 'analytics-simulator');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'analytics');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('builder: the merchant creates, starts and ends an A/B test of showing points through the merchant API', async () => {
  const listed = async () => (await (await fetch(`${demo.api}/api/v1/admin/shops/${SHOP}/experiments`,
    { headers: { Authorization: `Bearer ${API_KEY}` } })).json()).experiments;
  const saved = async (id) => (await listed()).find((x) => x.id === id);
  const running = async () => (await (await fetch(`${demo.api}/api/v1/shops/${SHOP}/experiments`)).json()).experiments.map((x) => x.id);
  const page = await newPage(demo);
  await page.goto(demo.api + '/');
  await page.locator('body[data-ready=true]').waitFor({ timeout: 20000 });
  const form = page.locator('#experiment');
  const local = (epoch) => page.evaluate((s) => new Date(s * 1000 - new Date(s * 1000).getTimezoneOffset() * 60000).toISOString().slice(0, 16), epoch);
  const now = Math.floor(Date.now() / 1000);
  await form.locator('[name=id]').fill('builder-ab');
  await form.locator('[name=starts]').fill(await local(now + 86400));
  await form.locator('[name=ends]').fill(await local(now + 15 * 86400));
  await form.locator('[name=effect]').fill('1.5');
  // A split over 100%: the server refuses it, naming the field, and nothing is created.
  await form.locator('[name=split]').fill('101');
  await form.locator('button[type=submit]').click();
  await form.locator('[name=split][aria-invalid=true]').waitFor({ timeout: 5000 });
  assert.match(await page.locator('#experiment-status').textContent(), /\/shown_basis_points/);
  assert.equal(await saved('builder-ab'), undefined);
  await form.locator('[name=split]').fill('12.5');
  await form.locator('button[type=submit]').click();
  const item = page.locator('#experiments li[data-experiment=builder-ab]');
  await page.locator('#experiments li[data-experiment=builder-ab][data-status=scheduled]').waitFor({ timeout: 5000 });
  assert.equal(await form.locator('[aria-invalid]').count(), 0, 'the fixed field is no longer marked');
  const made = await saved('builder-ab');
  assert.deepEqual({ split: made.shown_basis_points, effect: made.minimum_effect_basis_points, status: made.status },
    { split: 1250, effect: 150, status: 'scheduled' });
  assert.ok(Math.abs(made.starts_at - (now + 86400)) < 60 && Math.abs(made.ends_at - (now + 15 * 86400)) < 60, JSON.stringify(made));
  assert.equal((await running()).includes('builder-ab'), false);
  await item.locator('[data-act=start]').click();
  await page.locator('#experiments li[data-experiment=builder-ab][data-status=running]').waitFor({ timeout: 5000 });
  assert.ok((await running()).includes('builder-ab'), 'the widget is served the running experiment');
  await shot(page, 'builder-experiment');
  await item.locator('[data-act=end]').click();
  await page.locator('#experiments li[data-experiment=builder-ab][data-status=ended]').waitFor({ timeout: 5000 });
  assert.equal((await running()).includes('builder-ab'), false);
  assert.equal((await saved('builder-ab')).status, 'ended');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('analytics: money shows in the shop\'s currency and minor digits, from the core\'s normalised program (a JPY shop: no decimals)', async () => {
  const headers = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };
  const url = `${demo.api}/api/v1/admin/shops/${SHOP}/program`;
  const saved = await (await fetch(url, { headers })).text();
  const put = async (body) => {
    const r = await fetch(url, { method: 'PUT', headers, body });
    assert.ok(r.status < 300, `PUT program: ${r.status} ${await r.text()}`);
  };
  try {
    await put(JSON.stringify({ ...JSON.parse(saved), currency: 'JPY', minor_digits: 0 }));
    const report = await (await fetch(`${demo.api}/api/v1/admin/shops/${SHOP}/analytics`, { headers })).json();
    assert.equal(report.currency, 'JPY');
    assert.ok(report.liability.amount > 0, JSON.stringify(report.liability));
    const page = await newPage(demo);
    await page.goto(demo.api + '/analytics.html');
    await page.locator('body[data-charts=ready]').waitFor({ timeout: 20000 });
    const figures = await page.locator('#kpis .kpi strong').allTextContents();
    // ¥ and every minor unit: 12,345 yen is "¥12,345", never "¥123" (2 digits assumed).
    const liability = figures.find((f) => f.includes('¥'));
    assert.ok(liability, `a figure in yen among ${JSON.stringify(figures)}`);
    assert.equal(digits(liability), report.liability.amount, `${liability} is ${report.liability.amount} yen`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await put(saved);
  }
});
