// How a shop's own server signs the shopper, as the builder hands it to
// merchants: Node (ES module and CommonJS), a WordPress/WooCommerce plugin,
// Shopify Liquid (with its theme setting) and the Shopify app proxy. Pure
// strings, so tests/web/snippets.test.mjs runs each one (node, php-cli with
// stubbed WordPress functions, liquidjs) against the real server.
// The scheme is server/README.md's: "<expires>.<hex HMAC-SHA256(secret, shop|customer|expires)>".

/** [{title, file, code}] for one shop on one loyalty server origin. Long: it is the
 * five snippets' text, one template each, not logic. */
export function signingExamples({ origin, shop }) {
  return [
    { title: 'Node (ES module)', file: 'loyalty-signature.mjs', code: `import crypto from 'node:crypto';

// The shop secret stays on your server (environment variable), never in a page.
export function loyaltySignature(customerId, ttlSeconds = 3600) {
  const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
  const mac = crypto.createHmac('sha256', process.env.LOYALTY_SECRET)
    .update(\`${shop}|\${customerId}|\${expires}\`).digest('hex');
  return \`\${expires}.\${mac}\`;
}

// In the page template for a signed-in customer:
//   <loyalty-widget api="${origin}" shop="${shop}"
//     customer="\${user.id}" signature="\${loyaltySignature(user.id)}"></loyalty-widget>
` },
    { title: 'Node (CommonJS)', file: 'loyalty-signature.cjs', code: `const crypto = require('node:crypto');

// The shop secret stays on your server (environment variable), never in a page.
function loyaltySignature(customerId, ttlSeconds = 3600) {
  const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
  const mac = crypto.createHmac('sha256', process.env.LOYALTY_SECRET)
    .update(\`${shop}|\${customerId}|\${expires}\`).digest('hex');
  return \`\${expires}.\${mac}\`;
}

module.exports = { loyaltySignature };
` },
    { title: 'WooCommerce / WordPress: a small plugin (wp-content/plugins/loyalty-widget/loyalty-widget.php)', file: 'loyalty-widget.php', code: `<?php
/**
 * Plugin Name: Loyalty widget
 * Description: The loyalty launcher and panel on every page, signed for the logged-in customer.
 * Version: 1.0.0
 */
// Its own file in wp-content/plugins/loyalty-widget/, then activate it (not pasted into
// functions.php). The secret goes in wp-config.php: define('LOYALTY_SECRET', '...');
if (!defined('ABSPATH')) {
    exit;
}

function loyalty_widget_configured() {
    return defined('LOYALTY_SECRET') && is_string(LOYALTY_SECRET) && LOYALTY_SECRET !== '';
}

add_action('wp_enqueue_scripts', function () {
    if (!loyalty_widget_configured()) {
        return;
    }
    wp_enqueue_style('loyalty-widget', '${origin}/widget/loyalty.css', array(), null);
    wp_enqueue_script('loyalty-widget', '${origin}/widget/loyalty.js', array(), null, true);
});

// The widget's script is an ES module.
add_filter('script_loader_tag', function ($tag, $handle) {
    return $handle === 'loyalty-widget' ? str_replace('<script ', '<script type="module" ', $tag) : $tag;
}, 10, 2);

add_action('wp_footer', function () {
    if (!loyalty_widget_configured()) {
        error_log('Loyalty widget: define LOYALTY_SECRET in wp-config.php; nothing is shown until then.');
        return;
    }
    $shop = '${shop}';
    $id = get_current_user_id();          // WooCommerce customers are WordPress users; 0 when logged out
    if ($id) {
        $expires = time() + 3600;
        $signature = $expires . '.' . hash_hmac('sha256', "$shop|$id|$expires", LOYALTY_SECRET);
        $identity = sprintf(' customer="%s" signature="%s"', esc_attr((string) $id), esc_attr($signature));
    } else {
        $identity = sprintf(' signin-url="%s"', esc_url(wp_login_url()));
    }
    printf('<loyalty-widget api="%s" shop="%s"%s></loyalty-widget>', esc_url('${origin}'), esc_attr($shop), $identity);
});
` },
    { title: 'Shopify (Liquid, theme.liquid)', file: 'theme.liquid', code: `{%- comment -%}
  Liquid renders on Shopify's servers, so shoppers never see the secret; staff with
  theme access can. It is a theme setting (settings_schema.json below): give it the
  shop's shopper-signing secret (shop-create --shopper-secret), which signs shoppers
  only, never a webhook, so a leaked theme cannot mint points. The app proxy keeps
  it out of the theme altogether.
{%- endcomment -%}
{%- if customer -%}
  {%- assign expires = 'now' | date: '%s' | plus: 3600 -%}
  {%- capture message -%}${shop}|{{ customer.id }}|{{ expires }}{%- endcapture -%}
  {%- assign mac = message | hmac_sha256: settings.loyalty_secret -%}
  <loyalty-widget api="${origin}" shop="${shop}"
    customer="{{ customer.id }}" signature="{{ expires }}.{{ mac }}"></loyalty-widget>
{%- else -%}
  <loyalty-widget api="${origin}" shop="${shop}" signin-url="/account/login"></loyalty-widget>
{%- endif -%}
` },
    { title: 'Shopify: the theme setting it reads (config/settings_schema.json, one more entry in the array)', file: 'settings_schema.json', code: `{
  "name": "Loyalty",
  "settings": [
    { "type": "text", "id": "loyalty_secret", "label": "Loyalty shopper-signing secret", "info": "The shop's shopper secret from your loyalty server (signs shoppers only); keep it private." }
  ]
}
` },
    { title: 'Shopify app proxy (Liquid, theme.liquid: no secret in the theme)', file: 'app-proxy.liquid', code: `{%- comment -%}
  In the app's settings, App proxy: prefix "apps", subpath "loyalty", proxy URL ${origin}.
  Shopify forwards /apps/loyalty/... to the loyalty server and signs the logged-in customer
  into each request's query; the page holds neither a secret nor a signature.
{%- endcomment -%}
<link rel="stylesheet" href="/apps/loyalty/widget/loyalty.css">
<script type="module" src="/apps/loyalty/widget/loyalty.js"></script>
<loyalty-widget api="/apps/loyalty" shop="${shop}" app-proxy signin-url="/account/login"></loyalty-widget>
` },
  ];
}
