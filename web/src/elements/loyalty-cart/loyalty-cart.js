// Registers <loyalty-cart> (eager: reserves its block, loads the rest later).
import { startCoreWorker } from '../../shared/core-start.js';
import { defineLazy, hostReset } from '../../shared/lazy-element.js';

defineLazy('loyalty-cart', () => import('./loyalty-cart.component.js'), {
  observed: ['cart'],
  eager: true,
  setup: startCoreWorker,  // the core loads in parallel with this element's chunks
  reserve: hostReset('block') + ':host{min-block-size:var(--loyalty-cart-height,144px)!important}',
});
