// The shop's cart page script: hands the cart to <loyalty-cart> (property)
// and applies a redeemed code when the widget says so.
export const CART = {
  currency: 'EUR',
  lines: [
    { id: '1', product_id: 'coat', variant_id: 'coat-charcoal', quantity: 1, unit_price: 18900, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'] },
    { id: '2', product_id: 'scarf', variant_id: 'scarf-grey', quantity: 2, unit_price: 4500, collections: ['accessories'], tags: [] },
  ],
  shipping: 495,
  tax: 0,
};
const el = document.getElementById('loyalty-cart');
if (el) el.cart = CART;
document.addEventListener('loyalty:redeemed', (e) => {
  document.getElementById('applied').textContent = 'Code applied: ' + e.detail.code;
});
