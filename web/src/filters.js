// SPDX-License-Identifier: MIT
// The /events filters a view keeps in its URL, and their chips.
import { html } from './ui.js';
import { href, withParams } from './route.js';

export const EVENT_FILTERS = [
  'q', 'country', 'not_country', 'actor', 'not_actor', 'role', 'type',
  'not_type', 'quad_class', 'certainty', 'not_certainty', 'source', 'location_country',
  'from', 'to', 'goldstein_min', 'goldstein_max', 'tone_min', 'tone_max',
  'mentions_min', 'mentions_max', 'bbox', 'id',
];

// The filters in params, as an object for the API.
export function eventFilters(params, extra) {
  const out = {};
  for (const k of EVENT_FILTERS) {
    if (params.get(k)) out[k] = params.get(k);
  }
  return { ...out, ...extra };
}

const LABELS = { q: 'text', not_country: 'not country', not_actor: 'not actor',
  not_type: 'not type', location_country: 'where' };

export function FilterChips({ path, params }) {
  const on = EVENT_FILTERS.filter((k) => params.get(k));
  if (!on.length) return null;
  return html`<ul class="chips" aria-label="Filters">
    ${on.map((k) => html`<li><span>${LABELS[k] || k}: ${params.get(k)}</span>
      <a href=${href(path, withParams(params, { [k]: '' }))}
         aria-label=${`Remove filter ${LABELS[k] || k} ${params.get(k)}`}>×</a></li>`)}
    ${on.length > 1 && html`<li><a href=${href(path, {})}>clear all</a></li>`}
  </ul>`;
}

// Months and days for a timeline: days when the period is three months
// or less.
export function timeUnit(params) {
  const from = params.get('from');
  const to = params.get('to');
  if (!from || !to || from.length < 7 || to.length < 7) return 'month';
  const days = (Date.parse(to.length === 7 ? `${to}-28` : to)
    - Date.parse(from.length === 7 ? `${from}-01` : from)) / 86400000;
  return days <= 93 ? 'day' : 'month';
}
