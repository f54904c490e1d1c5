// Lighthouse (npm, with Debian's Chromium) on the sample product page with
// and without the widget; median of N runs. Not part of the test step (slow).
// Usage: node tests/web/lighthouse.mjs [runs=3]  -> artifacts/lighthouse/summary.json
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

import { ARGS, CHROMIUM } from './browser.mjs';
import { startFixture } from './fixture/server.mjs';
import { nativeQuote, root } from './helpers.mjs';

const runs = Number(process.argv[2] || 3);
const out = path.join(root, 'artifacts/lighthouse');
fs.mkdirSync(out, { recursive: true });
const fixture = await startFixture();
const pages = {
  'product, no widget': '/pages/product.html?widget=0',
  'product, widget (anonymous)': '/pages/product.html?customer=anon',
  'product, widget (signed in)': '/pages/product.html',
};
// The page carrying its first figure, the native core's, as a shop's server renders it (web/README.md).
const coat = { currency: 'EUR', lines: [{ id: 'product', product_id: 'coat', variant_id: 'coat-charcoal', quantity: 1,
  unit_price: 18900, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'] }] };
pages['product, widget (anonymous, first figure)'] = `/pages/product.html?customer=anon&figure=${nativeQuote(fixture, 'atelier-nord', null, coat).points}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = { chromium: CHROMIUM, runs, lighthouse: JSON.parse(fs.readFileSync(path.join(root, 'node_modules/lighthouse/package.json'))).version, pages: {} };
try {
  for (const [name, p] of Object.entries(pages)) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-lh-'));
      const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: [...ARGS, `--user-data-dir=${profile}`], userDataDir: false });
      try {
        const r = await lighthouse(fixture.url + p, { port: chrome.port, output: 'json', logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices'] });
        const lhr = r.lhr;
        results.push({
          performance: Math.round(lhr.categories.performance.score * 100),
          accessibility: Math.round(lhr.categories.accessibility.score * 100),
          bestPractices: Math.round(lhr.categories['best-practices'].score * 100),
          tbt: Math.round(lhr.audits['total-blocking-time'].numericValue),
          cls: lhr.audits['cumulative-layout-shift'].numericValue,
          lcp: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
          fcp: Math.round(lhr.audits['first-contentful-paint'].numericValue),
          bytes: lhr.audits['total-byte-weight'].numericValue,
        });
        if (i === 0) fs.writeFileSync(path.join(out, name.replace(/\W+/g, '-') + '.json'), r.report);
      } finally {
        await chrome.kill();
        fs.rmSync(profile, { recursive: true, force: true });
      }
    }
    const m = {};
    for (const k of Object.keys(results[0])) m[k] = median(results.map((x) => x[k]));
    summary.pages[name] = { median: m, runs: results };
    console.log(name.padEnd(30), JSON.stringify(m));
  }
} finally {
  await fixture.close();
}
const base = summary.pages['product, no widget'].median;
for (const [name, v] of Object.entries(summary.pages)) {
  if (name === 'product, no widget') continue;
  v.added = { performance: v.median.performance - base.performance, tbt: v.median.tbt - base.tbt, cls: v.median.cls - base.cls };
  console.log(`${name}: performance ${v.added.performance >= 0 ? '+' : ''}${v.added.performance}, TBT +${v.added.tbt} ms, CLS +${v.added.cls}`);
}
fs.writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
