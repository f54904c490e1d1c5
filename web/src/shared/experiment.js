// A/B test of showing points, loaded only on a page where one runs
// (runtime.js, pointsShown): the visitor's variant as the core assigns it
// (the server computes the same) and one exposure beacon per page view.

let pageVisitor, reported;
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
 * else the anonymous id) in "shown". One beacon per page view reports the
 * exposures (all experiments in it), none under Do Not Track or Global Privacy
 * Control or with the shop's tracking="off". For an anonymous visitor shown in
 * all of them, the core's answer is kept (`loyalty:shown`: the id and the list),
 * so the next page's loader shows the page's figure before painting.
 */
export default async function pointsShown(el, running) {
  const { shop, session: s } = el;
  const who = s && s.customer ? { customer: s.customer, signature: s.signature } : { visitor: visitor() };
  const exposures = [];
  for (const x of running) {
    const r = await el.core.assignVariant(x.id, who.customer || who.visitor, x.shown_basis_points);
    if (r.ok) exposures.push({ experiment: x.id, variant: r.value });
  }
  const shown = exposures.every((x) => x.variant === 'shown');
  if (who.visitor) try { localStorage.setItem('loyalty:shown', shown ? who.visitor + JSON.stringify(running) : ''); } catch { /* decided on each view */ }
  if (exposures[0] && !reported && navigator.doNotTrack !== '1' && !navigator.globalPrivacyControl && el.attr('tracking') !== 'off')
    reported = navigator.sendBeacon?.(shop.api.prefix + '/experiments/exposures', JSON.stringify({ ...who, exposures }));
  return shown;
}
