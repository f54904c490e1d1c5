// The bundle as loyalty-server --static serves it, read from Chromium's
// network log: embedded on a shop page of another origin (CORS), compressed
// (the wasm too), content-hashed files cached for a year, the loader
// revalidated by its ETag, and a second product page view that downloads no
// asset body at all.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, watch } from './browser.mjs';
import { networkLog } from './page-weight.mjs';
import { startRealServer } from './real-server.mjs';

let server, browser;
before(async () => { server = await startRealServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const file = (url) => new URL(url).pathname.split('/').pop();
const settle = (page) => page.waitForTimeout(500);

test('another origin: the widget from the API server renders on a shop page of another origin, and redeems', async () => {
  const page = await browser.context.newPage();
  const problems = watch(page);
  const net = networkLog(page);
  await page.goto(server.shopOrigin + '/');
  const earn = page.locator('loyalty-product-points .earn[data-points]');
  await earn.waitFor({ timeout: 15000 });
  assert.ok(Number(await earn.getAttribute('data-points')) > 0);
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  await page.click('loyalty-widget .launcher');
  const redeem = page.locator('loyalty-widget li[data-reward="free-shipping"] button[part=redeem-button]');
  await redeem.waitFor({ timeout: 15000 });
  await redeem.click();
  await page.locator('loyalty-widget input[part=code]').waitFor({ timeout: 10000 });
  await settle(page);
  net.stop();
  const assets = net.log.filter((r) => r.url.startsWith(server.api + '/dist/'));
  assert.ok(assets.some((r) => file(r.url).endsWith('.wasm')), 'the wasm came from the API origin');
  for (const r of assets) assert.equal(r.headers['access-control-allow-origin'], '*', file(r.url));
  assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), []);
  await page.close();
});

test('caching: hashed files immutable for a year, the loader revalidated by ETag, all compressed', async () => {
  const page = await browser.context.newPage();
  const net = networkLog(page);
  await page.goto(server.shopOrigin + '/?customer=anon');
  await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
  await settle(page);
  net.stop();
  const assets = net.log.filter((r) => r.url.startsWith(server.api + '/dist/'));
  assert.ok(assets.length >= 5, `${assets.length} asset requests`);
  for (const r of assets) {
    const name = file(r.url);
    assert.equal(r.headers['content-encoding'], 'gzip', `${name} compressed`);
    if (/-[A-Z0-9]{8}\.(js|wasm)$/.test(name)) {
      assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', name);
    } else {
      assert.ok(['loyalty.js', 'loyalty.css'].includes(name), `only the loader is unhashed: ${name}`);
      assert.match(r.headers['cache-control'], /no-cache/, name);
      assert.match(r.headers.etag || '', /^"[^"]+"$/, name);
    }
  }
  await page.close();
});

test('caching: the second view of a product page fetches no asset body', async () => {
  for (const origin of [server.shopOrigin + '/?customer=anon', server.api + '/product.html']) {
    const page = await browser.context.newPage();
    await page.goto(origin);
    await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
    await settle(page);
    await page.close();
    const again = await browser.context.newPage();
    const net = networkLog(again);
    await again.goto(origin);
    await again.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
    await settle(again);
    net.stop();
    const assets = net.log.filter((r) => new URL(r.url).pathname.startsWith('/dist/'));
    // From the cache the wire carried nothing (Playwright then reports 0 or less: its size minus the headers').
    assert.ok(assets.some((r) => file(r.url).endsWith('.wasm')), `${origin}: the wasm's request is in the log (worker or page)`);
    const bodies = assets.filter((r) => r.body > 0).map((r) => `${file(r.url)} ${r.status} ${r.body} B`);
    assert.deepEqual(bodies, [], `${origin}: asset bodies on the second view`);
    // The loader is asked again (If-None-Match; the server's 304 carries no body), the hashed files are not.
    assert.ok(assets.some((r) => file(r.url) === 'loyalty.js' && r.revalidated), `${origin}: the loader revalidated`);
    assert.ok(assets.filter((r) => /-[A-Z0-9]{8}\./.test(file(r.url))).every((r) => !r.revalidated), `${origin}: immutable files not asked again`);
    await again.close();
  }
});

test('static: nothing outside the folder, whatever the path', async () => {
  const http = await import('node:http');
  const get = (p) => new Promise((resolve, reject) => {
    const u = new URL(server.api);
    http.get({ host: '127.0.0.1', port: u.port, path: p, headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
  // The server's own database sits beside www/ in the same temporary folder.
  for (const p of ['/../loyalty.db', '/dist/../../loyalty.db', '/%2e%2e/loyalty.db', '/dist/%2e%2e/%2e%2e/loyalty.db',
    '/dist/loyalty.js%00.png', '/dist/..%5c..%5cloyalty.db', '//etc/passwd', '/dist/./loyalty.js']) {
    assert.equal(await get(p), 404, p);
  }
  assert.equal(await get('/dist/loyalty.js'), 200);
});
