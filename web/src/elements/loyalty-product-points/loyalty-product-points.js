// Registers <loyalty-product-points> (eager: reserves one line, loads the rest later).
import { startCoreWorker } from '../../shared/core-start.js';
import { defineLazy, hostReset } from '../../shared/lazy-element.js';

defineLazy('loyalty-product-points', () => import('./loyalty-product-points.component.js'), {
  observed: ['product-id', 'variant-id', 'price', 'quantity', 'collections', 'tags'],
  eager: true,
  setup(host) {
    startCoreWorker();  // the core loads in parallel with this element's chunks
    // Shows the first figure the page carries (its children) until the core's own line replaces it.
    host.shadowRoot.append(document.createElement('slot'));
    // An anonymous visitor's figure under an A/B test comes hidden (the shop's server cannot know the
    // variant): shown before painting when the core put this visitor in "shown" in these very
    // experiments on an earlier view (experiment.js keeps that), else the component decides with the core.
    try {
      host.querySelector(':scope>[data-points][hidden]').hidden = localStorage.getItem('loyalty:shown') !== localStorage.getItem('loyalty:visitor') +
        JSON.stringify(JSON.parse(document.querySelector('script[data-loyalty-experiments]').text).experiments);  // another shop's list: no match
    } catch { /* no such figure, nothing kept, or storage blocked: the component decides */ }
  },
  // One line, two on phones where the text may wrap (the same in loyalty.css, before this runs).
  reserve: hostReset('block') + ':host{min-block-size:var(--loyalty-product-height,25.6px)!important}' +
    '@media (max-width:480px){:host{min-block-size:var(--loyalty-product-height-narrow,51.2px)!important}}',
});
