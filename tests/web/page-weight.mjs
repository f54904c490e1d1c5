// What a shop page downloads for the widget, as Chromium's network log has it:
// the product page (launcher + product points) and the cart page (launcher +
// cart), served by loyalty-server --static from the page's own origin (the
// workers start), first view (fresh profile) and second view (same profile).
// Bytes are the gzip bodies on the wire; "with headers" adds the response
// headers Chromium counts in its transfer size.
//   node tests/web/page-weight.mjs        prints the table BENCHMARKS.md quotes (without and with an experiment running)
import { fileURLToPath } from 'node:url';

import { launch } from './browser.mjs';
import { API_KEY, SHOP, startRealServer } from './real-server.mjs';

/** Every finished request of a page and its workers: {url, body, headers} (bytes on the wire). */
export function networkLog(page) {
  const log = [];
  const record = async (request) => {
    const response = await request.response();
    if (!response) return;
    const sizes = await request.sizes().catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }));
    const sent = await request.allHeaders().catch(() => ({}));
    log.push({ url: request.url(), status: response.status(), headers: response.headers(), body: sizes.responseBodySize,
      headerBytes: sizes.responseHeadersSize, revalidated: !!sent['if-none-match'] });
  };
  page.context().on('requestfinished', record);
  return { log, stop: () => page.context().off('requestfinished', record) };
}

/**
 * A response's body bytes on the wire. Chromium reports a dedicated
 * worker's script with no size (0) in Playwright's log, so on a fresh
 * profile, where nothing can come from the cache, a 200's Content-Length
 * (loyalty-server always sends one) stands for it. On a second view a
 * cached file reports 0 or less; the worker scripts are immutable files
 * (tests/web/static.test.mjs checks the headers that keep them cached).
 */
function bodyBytes(r, fresh) {
  if (r.body > 0) return r.body;
  if (fresh && r.status === 200) return Number(r.headers['content-length'] || 0);
  return 0;
}

const PAGES = {
  product: { path: '/product.html', ready: 'loyalty-product-points .earn[data-points]' },
  cart: { path: '/cart.html', ready: 'loyalty-cart [part=spend]' },
};

async function view(context, url, ready, fresh) {
  const page = await context.newPage();
  const net = networkLog(page);
  await page.goto(url);
  await page.locator(ready).waitFor({ timeout: 15000 });
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  // Whatever loads when the page is idle has loaded by now.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  net.stop();
  await page.close();
  const assets = net.log.filter((r) => new URL(r.url).pathname.startsWith('/dist/'));
  for (const r of assets) r.bytes = bodyBytes(r, fresh);
  const body = assets.reduce((s, r) => s + r.bytes, 0);
  const headers = assets.reduce((s, r) => s + Math.max(0, r.headerBytes), 0);
  return { requests: assets.length, body, withHeaders: body + headers, files: assets.map((r) => [new URL(r.url).pathname, r.bytes]) };
}

/**
 * {product: {first, second}, cart: {first, second}} measured on a fresh server and profile each;
 * `experiment`: with an A/B test of showing points running (split 10000: every visitor shown, so
 * the page loads all it can: the experiment's code and every element).
 */
export async function measurePages({ experiment = false } = {}) {
  const server = await startRealServer();
  const out = {};
  try {
    if (experiment) {
      const now = Math.floor(Date.now() / 1000);
      const r = await fetch(`${server.api}/api/v1/admin/shops/${SHOP}/experiments`, { method: 'POST', headers: { Authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ id: 'page-weight', shown_basis_points: 10000, starts_at: now - 60, ends_at: now + 3600, minimum_effect_basis_points: 100 }) });
      if (r.status !== 201) throw new Error(`experiment: ${r.status} ${await r.text()}`);
    }
    for (const [name, p] of Object.entries(PAGES)) {
      const browser = await launch({ viewport: { width: 390, height: 844 } });
      try {
        const first = await view(browser.context, server.api + p.path, p.ready, true);
        const second = await view(browser.context, server.api + p.path, p.ready, false);
        out[name] = { first, second };
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.stop();
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('| page | experiment | view | requests | gzip bodies (B) | with headers (B) |');
  console.log('| --- | --- | --- | ---: | ---: | ---: |');
  for (const experiment of [false, true]) {
    const m = await measurePages({ experiment });
    for (const [name, v] of Object.entries(m)) {
      for (const which of ['first', 'second']) console.log(`| ${name} | ${experiment ? 'running' : 'none'} | ${which} | ${v[which].requests} | ${v[which].body} | ${v[which].withHeaders} |`);
    }
    if (process.argv.includes('--files')) console.log(JSON.stringify(m, null, 1));
  }
}
