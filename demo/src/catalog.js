// The sample shop's products (prices in EUR cents), shared by the storefront,
// the builder's preview and the seed script. Collections and tags match
// examples/fashion-store.json (house brand multiplier, final-sale exclusion).
export const CATALOG = [
  { id: 'wool-coat', variant: 'wool-coat-charcoal', name: 'Merino wool coat', price: 18900, collections: ['atelier-nord-label', 'outerwear'], tags: ['wool'], colour: 'charcoal' },
  { id: 'linen-shirt', variant: 'linen-shirt-white', name: 'Linen shirt', price: 5900, collections: ['shirts'], tags: ['linen'], colour: 'white' },
  { id: 'leather-boots', variant: 'leather-boots-brown', name: 'Leather Chelsea boots', price: 14900, collections: ['shoes'], tags: ['leather'], colour: 'brown' },
  { id: 'cashmere-scarf', variant: 'cashmere-scarf-sand', name: 'Cashmere scarf', price: 7900, collections: ['atelier-nord-label', 'accessories'], tags: ['cashmere'], colour: 'sand' },
  { id: 'denim-jeans', variant: 'denim-jeans-indigo', name: 'Selvedge jeans', price: 9900, collections: ['denim'], tags: ['denim'], colour: 'indigo' },
  { id: 'sale-tee', variant: 'sale-tee-grey', name: 'Organic tee (final sale)', price: 1900, collections: ['shirts'], tags: ['final-sale'], colour: 'grey' },
];

/** A catalog product as a widget cart line. */
export const lineOf = (p, quantity = 1, id = p.id) => ({
  id, product_id: p.id, variant_id: p.variant, unit_price: p.price, quantity, collections: p.collections, tags: p.tags,
});
