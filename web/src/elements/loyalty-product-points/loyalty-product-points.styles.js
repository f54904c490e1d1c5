import { base } from '../../shared/base.styles.js';

export default base + `
.root { min-block-size: var(--loyalty-product-height, 25.6px); display: flex; align-items: center; }
/* Wraps (never clipped): phones reserve two lines for it (loyalty.css, the shell). */
.earn {
  min-inline-size: 0; overflow-wrap: anywhere;
  color: var(--loyalty-product-color, var(--loyalty-text, #1f2328));
}
.earn strong { font-weight: 700; color: var(--loyalty-accent-text, #0a4f94); }
`;
