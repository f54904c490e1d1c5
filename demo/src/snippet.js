// The embed snippet a site builder copies, and how the shop's own server signs
// the shopper (signing-examples.js: Node, a WordPress plugin, Shopify Liquid and
// app proxy), shown as collapsible code blocks.
import { h } from './common.js';
import { signingExamples as examples } from './signing-examples.js';

export function snippetHtml({ origin, shop, locale, theme, product }) {
  return `<!-- Loyalty widget: once per page, in <head> -->
<link rel="stylesheet" href="${origin}/widget/loyalty.css">
<script type="module" src="${origin}/widget/loyalty.js"></script>
<!-- Theme (CSS custom properties; the widget's Shadow DOM ignores the rest of your CSS) -->
<style>
  loyalty-widget, loyalty-product-points, loyalty-cart {
    --loyalty-accent: ${theme.accent}; --loyalty-surface: ${theme.surface}; --loyalty-text: ${theme.text};
  }
</style>

<!-- Product page: price in minor units (cents) -->
<loyalty-product-points api="${origin}" shop="${shop}" locale="${locale}"
  product-id="${product.id}" variant-id="${product.variant}" price="${product.price}" quantity="1"
  collections="${product.collections.join(',')}" tags="${product.tags.join(',')}"></loyalty-product-points>

<!-- Cart page: set the cart from your cart data
     document.querySelector('loyalty-cart').cart = {currency: 'EUR', lines: [{id, product_id, unit_price, quantity}]} -->
<loyalty-cart api="${origin}" shop="${shop}" locale="${locale}" customer="CUSTOMER_ID" signature="SIGNATURE"></loyalty-cart>

<!-- Every page: launcher and panel. CUSTOMER_ID and SIGNATURE come from your server (see below);
     leave both out for visitors who are not signed in. -->
<loyalty-widget api="${origin}" shop="${shop}" locale="${locale}" customer="CUSTOMER_ID" signature="SIGNATURE"
  signin-url="/account/login"></loyalty-widget>
`;
}

export function signingExamples(opts) {
  return examples(opts).map(({ title, code }) =>
    h('details', { class: 'signing' }, h('summary', { text: title }), h('pre', {}, h('code', { text: code }))));
}
