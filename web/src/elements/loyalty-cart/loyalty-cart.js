// Registers <loyalty-cart> (eager: reserves its block, loads the rest later).
import { defineLazy, hostReset } from '../../shared/lazy-element.js';

defineLazy('loyalty-cart', () => import('./loyalty-cart.component.js'), {
  observed: ['cart'],
  eager: true,
  reserve: hostReset('block') + ':host{min-block-size:var(--loyalty-cart-height,144px)!important}',
});
