// The sample storefront: product and cart pages with the widget embedded as a
// merchant embeds it, against the real server, for the signed-in demo shopper.
// The identity comes from the demo shop backend (demo/server/shop-backend.mjs),
// which plays the shop's own server; "Place test order" asks that backend to
// send a signed order webhook, as Shopify or WooCommerce would. Demo only.
import { config, h, initLanguage, money, session, t } from './common.js';
import { CATALOG, lineOf } from './catalog.js';

const CART_KEY = 'loyalty-demo:cart';
// The catalogue's prices are EUR cents (catalog.js), the sample shop's currency.
const eur = (cents) => money(cents, 'EUR', 2);
const readCart = () => { try { return JSON.parse(localStorage.getItem(CART_KEY)) || []; } catch { return []; } };
const writeCart = (c) => localStorage.setItem(CART_KEY, JSON.stringify(c));

initLanguage();
const cfg = await config();
let identity = await session(cfg);
const widgets = () => document.querySelectorAll('loyalty-widget, loyalty-cart, loyalty-product-points');

function sign(el) {
  // Product points too: with the shopper's tier, the preview is exactly what the order earns.
  el.setAttribute('shop', cfg.shop);
  el.setAttribute('customer', identity.customer);
  el.setAttribute('signature', identity.signature);
}
widgets().forEach(sign);
document.getElementById('signed-in').textContent = t('signedInAs', identity.customer);

function countCart() {
  document.getElementById('cart-count').textContent = String(readCart().reduce((s, l) => s + l.quantity, 0));
}
countCart();

// ---- product page -------------------------------------------------------------
let chosen = CATALOG[0];
function showProduct() {
  const qty = Math.max(1, Number(document.getElementById('qty').value) || 1);
  document.getElementById('product-name').textContent = chosen.name;
  document.getElementById('product-price').textContent = eur(chosen.price);
  document.getElementById('product-image').className = `swatch big swatch-${chosen.colour}`;
  const pp = document.getElementById('points');
  for (const [k, v] of Object.entries({ 'product-id': chosen.id, 'variant-id': chosen.variant, price: String(chosen.price),
    quantity: String(qty), collections: chosen.collections.join(','), tags: chosen.tags.join(',') })) pp.setAttribute(k, v);
  for (const b of document.querySelectorAll('#variants button')) b.setAttribute('aria-checked', String(b.dataset.id === chosen.id));
}
if (document.body.dataset.page === 'product') {
  const wanted = new URLSearchParams(location.search).get('product');
  chosen = CATALOG.find((p) => p.id === wanted) || CATALOG[0];
  document.getElementById('variants').replaceChildren(...CATALOG.map((p) => h('button', {
    type: 'button', role: 'radio', class: `chip swatch-${p.colour}`, dataset: { id: p.id }, text: p.name,
    on: { click: () => { chosen = p; showProduct(); } } })));
  document.getElementById('qty').addEventListener('input', showProduct);
  document.getElementById('add').addEventListener('click', () => {
    const cart = readCart();
    const qty = Math.max(1, Number(document.getElementById('qty').value) || 1);
    const line = cart.find((l) => l.product_id === chosen.id);
    if (line) line.quantity += qty; else cart.push(lineOf(chosen, qty, 'l' + Date.now()));
    writeCart(cart);
    countCart();
  });
  showProduct();
}

// ---- cart page ---------------------------------------------------------------
function showCart() {
  const cart = readCart();
  const total = cart.reduce((s, l) => s + l.unit_price * l.quantity, 0);
  document.getElementById('lines').replaceChildren(...cart.map((l) => {
    const p = CATALOG.find((c) => c.id === l.product_id) || { name: l.product_id, colour: 'grey' };
    return h('li', {}, h('span', { class: `dot swatch-${p.colour}` }), h('span', { class: 'name', text: `${p.name} × ${l.quantity}` }),
      h('span', { text: eur(l.unit_price * l.quantity) }),
      h('button', { type: 'button', class: 'link', text: t('remove'),
        on: { click: () => { writeCart(readCart().filter((x) => x.id !== l.id)); showCart(); countCart(); } } }));
  }));
  document.getElementById('subtotal').textContent = eur(total);
  document.getElementById('cart').cart = { currency: 'EUR', lines: cart };
}
if (document.body.dataset.page === 'cart') {
  if (!readCart().length) writeCart([lineOf(CATALOG[1], 1, 'l1'), lineOf(CATALOG[3], 1, 'l2')]);
  showCart();
  countCart();
  document.addEventListener('loyalty:redeemed', (e) => {
    document.getElementById('coupon').textContent = `Coupon ${e.detail.code} applied at checkout (demo).`;
  });
}

// ---- test order: a signed webhook from the demo shop backend --------------------
document.getElementById('place-order').addEventListener('click', async () => {
  const out = document.getElementById('order-status');
  const lines = document.body.dataset.page === 'cart' ? readCart()
    : [lineOf(chosen, Math.max(1, Number(document.getElementById('qty').value) || 1))];
  if (!lines.length) return;
  out.textContent = '…';
  const r = await fetch(cfg.shop_backend + '/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ lines }) });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) { out.textContent = `${r.status}: ${(body.answer && body.answer.error) || body.error || ''}`; return; }
  const entries = (body.answer && body.answer.entries) || [];
  const points = entries.reduce((s, e) => s + (Number(e.points) || 0) + (Number(e.pending) || 0), 0);
  out.textContent = t('orderPlaced', points);
  out.dataset.points = String(points);
  if (document.body.dataset.page === 'cart') { writeCart([]); showCart(); countCart(); }
  // A fresh signed identity makes every element fetch the shopper's state again:
  // the open panel shows the new points without a reload.
  identity = await session(cfg);
  widgets().forEach(sign);
});
document.body.dataset.ready = 'true';
