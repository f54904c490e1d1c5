// A/B test of showing points, loaded only on a page where one runs
// (runtime.js, pointsShown): the visitor's variant as the core assigns it
// (the server computes the same) and one exposure beacon per page view.

let pageVisitor;
/** The anonymous visitor's id, kept in the shop origin's storage (this page view's only, where storage is blocked). */
function visitor() {
  try {
    let id = localStorage.getItem('loyalty:visitor');
    if (!id) localStorage.setItem('loyalty:visitor', (id = 'v-' + crypto.randomUUID()));
    return id;
  } catch {
    return (pageVisitor ||= 'v-' + Math.random().toString(36).slice(2));
  }
}

/**
 * True when every running experiment puts the visitor (the signed customer,
 * else the anonymous id) in "shown". One beacon reports the exposures, none
 * under Do Not Track or with the shop's tracking="off".
 */
export default async function pointsShown(el, running) {
  const { shop, session: s } = el;
  const who = s && s.customer ? { customer: s.customer, signature: s.signature } : { visitor: visitor() };
  const exposures = [];
  for (const x of running) {
    const r = await el.core.assignVariant(x.id, who.customer || who.visitor, x.shown_basis_points);
    if (r.ok) exposures.push({ experiment: x.id, variant: r.value });
  }
  if (exposures[0] && navigator.doNotTrack !== '1' && !navigator.globalPrivacyControl && el.attr('tracking') !== 'off')
    navigator.sendBeacon?.(shop.api.prefix + '/experiments/exposures', JSON.stringify({ ...who, exposures }));
  return exposures.every((x) => x.variant === 'shown');
}
