// Hostile environments: a strict Content-Security-Policy, merchant text that
// looks like HTML, and a host page whose global CSS tries to restyle everything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { CSP } from './fixture/server.mjs';
import { setUp } from './helpers.mjs';

let env;
before(async () => { env = await setUp(); });
after(async () => { await env?.tearDown(); });

async function cspPage(path) {
  const page = await env.context.newPage();
  const violations = [];
  await page.exposeFunction('__violation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.__violation(`${e.violatedDirective} ${e.blockedURI}`)));
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const res = await page.goto(env.fixture.url + path);
  return { page, violations, problems, res };
}

test('csp: under a strict Content-Security-Policy the product points, panel and cart redeem all work', async () => {
  const { page, violations, problems, res } = await cspPage('/csp/product.html');
  assert.equal(res.headers()['content-security-policy'], CSP);

  const points = page.locator('loyalty-product-points .earn[data-points]');
  await points.waitFor({ timeout: 15000 });
  assert.ok(Number(await points.getAttribute('data-points')) > 0);
  // Styles from constructable stylesheets apply (bold, accent-coloured number).
  const weight = await page.evaluate(() => getComputedStyle(document.querySelector('loyalty-product-points').shadowRoot.querySelector('strong')).fontWeight);
  assert.equal(weight, '700');
  await page.click('loyalty-widget .launcher');
  await page.locator('loyalty-widget dialog[open] [part=balance]').waitFor({ timeout: 15000 });
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('loyalty-widget').shadowRoot.querySelector('.header')).backgroundColor);
  assert.equal(bg, 'rgb(11, 92, 173)');
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
  // The policy is really enforced on this page: an inline script does not run.
  const inline = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.append(s);
    return window.__inline;
  });
  assert.equal(inline, undefined);
  await page.waitForTimeout(100);
  assert.deepEqual(violations, ['script-src-elem inline']);
  await page.close();

  const cart = await cspPage('/csp/cart.html');
  await cart.page.locator('loyalty-cart button[part=redeem-button]').first().click({ timeout: 15000 });
  await cart.page.locator('loyalty-cart input[part=code]').waitFor({ timeout: 10000 });
  assert.match(await cart.page.locator('#applied').textContent(), /^Code applied: [0-9A-Z]+$/);
  assert.deepEqual(cart.violations, []);
  assert.deepEqual(cart.problems, []);
  await cart.page.close();
});

test('hostile text: merchant names that look like HTML are shown as text, never run', async () => {
  const { page } = await env.page('/pages/product.html?shop=hostile');
  await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
  await page.click('loyalty-widget .launcher');
  await page.locator('loyalty-widget dialog[open] [part=balance]').waitFor({ timeout: 15000 });
  const rewardNames = await page.locator('loyalty-widget [part=reward] .name').allTextContents();
  assert.equal(rewardNames[0], '<img src=x onerror="window.__pwned=1">');
  assert.equal(rewardNames[1], '<script>window.__pwned=2</script>Free shipping');
  assert.equal(await page.locator('loyalty-widget #loyalty-title').textContent(), '<img src=x onerror="window.__pwned=1"> Club');
  const perks = await page.locator('loyalty-widget .perks li').allTextContents();
  assert.ok(perks.includes('<a href="javascript:alert(1)">perk</a>'), perks.join('|'));
  const found = await page.evaluate(() => {
    const root = document.querySelector('loyalty-widget').shadowRoot;
    return {
      markup: root.querySelectorAll('img, script, svg, b, iframe').length,
      jsLinks: [...root.querySelectorAll('a')].filter((a) => !/^https?:/.test(a.href)).map((a) => a.href),
      pwned: window.__pwned,
    };
  });
  assert.deepEqual(found, { markup: 0, jsLinks: [], pwned: undefined });
  // The action whose url is javascript: gets no link at all.
  assert.equal(await page.locator('loyalty-widget [data-action="social_follow"] a').count(), 0);
  await page.close();
});

// Computed styles and sizes of the widget's own nodes: they must not depend on the page's CSS.
async function fingerprint(page) {
  return page.evaluate(() => {
    const props = ['font-family', 'font-size', 'line-height', 'color', 'background-color', 'letter-spacing', 'text-transform',
      'margin-top', 'padding-top', 'border-top-width', 'border-top-style', 'transform', 'opacity', 'display', 'box-sizing'];
    const out = {};
    for (const tag of ['loyalty-product-points', 'loyalty-widget']) {
      const host = document.querySelector(tag);
      const nodes = [host, ...host.shadowRoot.querySelectorAll('*')];
      out[tag] = nodes.map((n) => {
        const cs = getComputedStyle(n);
        // Layout sizes (an ancestor's transform does not count). Widths of block
        // elements follow the page's column; the fixed-position widget has its own.
        const width = tag === 'loyalty-widget' ? n.offsetWidth : '';
        return [n.tagName, n.className, ...props.map((p) => cs.getPropertyValue(p)), width, n.offsetHeight].join('|');
      });
    }
    return out;
  });
}

test('host CSS: aggressive global styles on the page do not change the widget', async () => {
  const prints = [];
  for (const q of ['', '&hostile=1']) {
    const { page } = await env.page('/pages/product.html?customer=anon' + q);
    await page.locator('loyalty-product-points .earn[data-points]').waitFor({ timeout: 15000 });
    await page.click('loyalty-widget .launcher');
    await page.locator('loyalty-widget dialog[open] [part=signin]').waitFor({ timeout: 15000 });
    // The hostile sheet really applies to the page itself.
    const h1 = await page.evaluate(() => getComputedStyle(document.querySelector('h1')).color);
    assert.equal(h1, q ? 'rgb(255, 0, 255)' : 'rgb(34, 34, 34)');
    prints.push(await fingerprint(page));
    await page.close();
  }
  for (const tag of Object.keys(prints[0])) {
    assert.equal(prints[0][tag].length, prints[1][tag].length);
    prints[0][tag].forEach((line, i) => assert.equal(prints[1][tag][i], line, `${tag} node ${i}`));
  }
});
