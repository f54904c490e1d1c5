// What merchants paste, run as they would run it, and checked by the real
// loyalty-server: the Node signer (ES module and CommonJS), the WordPress
// plugin under Debian's php-cli with stubbed WordPress functions, and the
// Shopify Liquid snippet with npm liquidjs and an hmac_sha256 filter as
// Shopify documents it (hex HMAC-SHA256 of the input with the given key).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { Liquid } from 'liquidjs';

import { signingExamples } from '../../demo/src/signing-examples.js';
import { SECRET, SHOP, startRealServer } from './real-server.mjs';

let server, dir, examples;
before(async () => {
  server = await startRealServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-snippets-'));
  examples = Object.fromEntries(signingExamples({ origin: server.api, shop: SHOP }).map((e) => [e.file, e]));
});
after(async () => { await server?.stop(); if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

/** The server's answer to GET /me for a customer and signature a snippet produced. */
async function me(customer, signature) {
  const r = await fetch(`${server.api}/api/v1/shops/${SHOP}/me`, { headers: { 'X-Loyalty-Customer': customer, 'X-Loyalty-Signature': signature } });
  return { status: r.status, body: await r.json() };
}

/** customer="..." signature="..." out of rendered markup. */
function identity(html) {
  const customer = /customer="([^"]*)"/.exec(html)?.[1];
  const signature = /signature="([^"]*)"/.exec(html)?.[1];
  return { customer, signature };
}

test('snippets: the Node ES module and CommonJS signers make signatures the server accepts', async () => {
  process.env.LOYALTY_SECRET = SECRET;
  try {
    const esm = path.join(dir, examples['loyalty-signature.mjs'].file);
    fs.writeFileSync(esm, examples['loyalty-signature.mjs'].code);
    const { loyaltySignature } = await import(pathToFileURL(esm).href);
    const a = await me('alice', loyaltySignature('alice'));
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.customer_id, 'alice');

    const cjs = path.join(dir, examples['loyalty-signature.cjs'].file);
    fs.writeFileSync(cjs, examples['loyalty-signature.cjs'].code);
    const b = await me('alice', createRequire(import.meta.url)(cjs).loyaltySignature('alice', 60));
    assert.equal(b.status, 200, JSON.stringify(b.body));
  } finally {
    delete process.env.LOYALTY_SECRET;
  }
});

// Just enough of WordPress for the plugin: hooks run in order, escaping as WordPress does it.
const WORDPRESS_STUB = `<?php
define('ABSPATH', __DIR__ . '/');
$GLOBALS['hooks'] = array();
function add_action($hook, $fn, $priority = 10, $args = 1) { $GLOBALS['hooks'][$hook][] = array($fn, $args); }
function add_filter($hook, $fn, $priority = 10, $args = 1) { $GLOBALS['hooks'][$hook][] = array($fn, $args); }
function apply_filters($hook, $value, ...$rest) {
  foreach ($GLOBALS['hooks'][$hook] ?? array() as $h) { $value = $h[0](...array_slice(array_merge(array($value), $rest), 0, $h[1])); }
  return $value;
}
function do_action($hook) { foreach ($GLOBALS['hooks'][$hook] ?? array() as $h) { $h[0](); } }
function get_current_user_id() { return (int) getenv('WP_USER'); }
function esc_attr($s) { return htmlspecialchars((string) $s, ENT_QUOTES, 'UTF-8'); }
function esc_url($s) { return htmlspecialchars((string) $s, ENT_QUOTES, 'UTF-8'); }
function wp_login_url() { return '/wp-login.php'; }
function wp_enqueue_style($handle, $src) { echo "<link rel=\\"stylesheet\\" href=\\"$src\\">\\n"; }
function wp_enqueue_script($handle, $src) { echo apply_filters('script_loader_tag', "<script src=\\"$src\\"></script>\\n", $handle, $src); }
if (getenv('WP_SECRET') !== false) { define('LOYALTY_SECRET', getenv('WP_SECRET')); }
require $argv[1];
do_action('wp_enqueue_scripts');
do_action('wp_footer');
`;

function wordpress(env) {
  const plugin = path.join(dir, 'loyalty-widget.php');
  fs.writeFileSync(plugin, examples['loyalty-widget.php'].code);
  fs.writeFileSync(path.join(dir, 'wordpress.php'), WORDPRESS_STUB);
  return spawnSync('php', ['-d', 'display_errors=stderr', '-d', 'error_log=', path.join(dir, 'wordpress.php'), plugin],
    { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
}

test('snippets: the WordPress plugin is valid PHP, signs a logged-in customer as the server expects, and links sign-in otherwise', async () => {
  fs.writeFileSync(path.join(dir, 'lint.php'), examples['loyalty-widget.php'].code);
  const lint = spawnSync('php', ['-l', path.join(dir, 'lint.php')], { encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  assert.match(examples['loyalty-widget.php'].code, /^<\?php\n\/\*\*\n \* Plugin Name: /, 'a plugin header WordPress reads');

  const signed = wordpress({ WP_USER: '42', WP_SECRET: SECRET });
  assert.equal(signed.status, 0, signed.stderr);
  assert.match(signed.stdout, /<script type="module" src="[^"]+\/widget\/loyalty\.js">/);
  const { customer, signature } = identity(signed.stdout);
  assert.equal(customer, '42');
  const r = await me(customer, signature);
  assert.equal(r.status, 200, JSON.stringify(r.body));

  const anonymous = wordpress({ WP_USER: '0', WP_SECRET: SECRET });
  assert.equal(anonymous.status, 0, anonymous.stderr);
  assert.match(anonymous.stdout, /<loyalty-widget [^>]*signin-url="\/wp-login.php"/);
  assert.doesNotMatch(anonymous.stdout, /signature=/);
});

test('snippets: the WordPress plugin without LOYALTY_SECRET shows nothing, logs a notice and never fails the page', () => {
  const unconfigured = wordpress({ WP_USER: '42' });
  assert.equal(unconfigured.status, 0, unconfigured.stderr);
  assert.equal(unconfigured.stdout.trim(), '', 'no markup');
  assert.match(unconfigured.stderr, /Loyalty widget: define LOYALTY_SECRET/);
  assert.doesNotMatch(unconfigured.stderr, /Fatal|Warning|Deprecated/);
});

test('snippets: the Shopify Liquid snippet with hmac_sha256 signs as the server expects; settings_schema.json is valid', async () => {
  const liquid = new Liquid();
  // As Shopify documents it: {{ 'text' | hmac_sha256: 'key' }} is the hex HMAC-SHA256.
  liquid.registerFilter('hmac_sha256', (input, key) => crypto.createHmac('sha256', String(key)).update(String(input)).digest('hex'));
  const template = examples['theme.liquid'].code;
  const html = await liquid.parseAndRender(template, { customer: { id: 7001 }, settings: { loyalty_secret: SECRET } });
  const { customer, signature } = identity(html);
  assert.equal(customer, '7001');
  const r = await me(customer, signature);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const anonymous = await liquid.parseAndRender(template, { settings: { loyalty_secret: SECRET } });
  assert.match(anonymous, /signin-url="\/account\/login"/);
  assert.doesNotMatch(anonymous, /signature=/);

  const schema = JSON.parse(examples['settings_schema.json'].code);
  assert.equal(schema.settings.find((s) => s.id === 'loyalty_secret')?.type, 'text');
});
