// The embed snippet a site builder copies, and how the shop's own server signs
// the shopper (Shopify Liquid / app proxy, WooCommerce PHP, Node). The signature
// scheme is server/README.md's: "<expires>.<hex HMAC-SHA256(secret, shop|customer|expires)>".
import { h } from './common.js';

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

const EXAMPLES = ({ origin, shop }) => [
  ['Node (Express or any server)', `import crypto from 'node:crypto';

// The shop secret stays on your server (environment variable), never in a page.
export function loyaltySignature(customerId, ttlSeconds = 3600) {
  const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
  const mac = crypto.createHmac('sha256', process.env.LOYALTY_SECRET)
    .update(\`${shop}|\${customerId}|\${expires}\`).digest('hex');
  return \`\${expires}.\${mac}\`;
}

// In the page template for a signed-in customer:
//   <loyalty-widget api="${origin}" shop="${shop}"
//     customer="\${user.id}" signature="\${loyaltySignature(user.id)}"></loyalty-widget>`],
  ['WooCommerce (PHP, in a small plugin or functions.php)', `<?php
// define('LOYALTY_SECRET', '...'); in wp-config.php, never in a template.
add_action('wp_footer', function () {
    $shop = '${shop}';
    $attrs = '';
    $id = get_current_user_id();          // WooCommerce customers are WordPress users
    if ($id) {
        $expires = time() + 3600;
        $sig = $expires . '.' . hash_hmac('sha256', "$shop|$id|$expires", LOYALTY_SECRET);
        $attrs = sprintf(' customer="%d" signature="%s"', $id, esc_attr($sig));
    }
    printf('<loyalty-widget api="%s" shop="%s"%s></loyalty-widget>',
           esc_url('${origin}'), esc_attr($shop), $attrs);
});`],
  ['Shopify (Liquid, theme.liquid)', `{%- comment -%}
  Liquid renders on Shopify's servers, so shoppers never see the secret; staff with
  theme access can. Keep it in a theme setting, or use the app proxy below instead.
{%- endcomment -%}
{%- if customer -%}
  {%- assign expires = 'now' | date: '%s' | plus: 3600 -%}
  {%- capture message -%}${shop}|{{ customer.id }}|{{ expires }}{%- endcapture -%}
  {%- assign mac = message | hmac_sha256: settings.loyalty_secret -%}
  <loyalty-widget api="${origin}" shop="${shop}"
    customer="{{ customer.id }}" signature="{{ expires }}.{{ mac }}"></loyalty-widget>
{%- else -%}
  <loyalty-widget api="${origin}" shop="${shop}" signin-url="/account/login"></loyalty-widget>
{%- endif -%}`],
  ['Shopify app proxy (Liquid, theme.liquid: no secret in the theme)', `{%- comment -%}
  In the app's settings, App proxy: prefix "apps", subpath "loyalty", proxy URL ${origin}.
  Shopify forwards /apps/loyalty/... to the loyalty server and signs the logged-in customer
  into each request's query; the page holds neither a secret nor a signature.
{%- endcomment -%}
<link rel="stylesheet" href="/apps/loyalty/widget/loyalty.css">
<script type="module" src="/apps/loyalty/widget/loyalty.js"></script>
<loyalty-widget api="/apps/loyalty" shop="${shop}" app-proxy signin-url="/account/login"></loyalty-widget>`],
];

export function signingExamples(opts) {
  return EXAMPLES(opts).map(([title, code]) =>
    h('details', { class: 'signing' }, h('summary', { text: title }), h('pre', {}, h('code', { text: code }))));
}
