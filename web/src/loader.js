// The eager loader shops put on every page: registers the three elements
// (each reserves its space at once) and nothing else. The panel, sync and
// wasm core come when the page is idle or on the first interaction.
import './elements/loyalty-widget/loyalty-widget.js';
import './elements/loyalty-product-points/loyalty-product-points.js';
import './elements/loyalty-cart/loyalty-cart.js';
