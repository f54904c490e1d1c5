// The shop's own product page script: keeps <loyalty-product-points> in step
// with the chosen variant and quantity (attributes only).
const points = document.getElementById('points');
const variant = document.getElementById('variant');
const quantity = document.getElementById('quantity');
const price = document.getElementById('price');
function sync() {
  const opt = variant.selectedOptions[0];
  price.textContent = '€' + (Number(opt.dataset.price) / 100).toFixed(2);
  if (!points) return;
  points.setAttribute('variant-id', opt.value);
  points.setAttribute('price', opt.dataset.price);
  points.setAttribute('quantity', String(Math.max(1, Number(quantity.value) || 1)));
}
variant.addEventListener('change', sync);
quantity.addEventListener('input', sync);
document.getElementById('buy').addEventListener('submit', (e) => e.preventDefault());
