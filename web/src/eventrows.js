// SPDX-License-Identifier: MIT
// A table of events, as every list of events in the app shows them.
import { html, EventLink, CountryLink, QUAD_CLASSES } from './ui.js';

// A search's snippet: the API marks the words that matched with <mark>;
// everything else is text, never HTML.
function Snippet({ matches }) {
  const text = matches && (matches.quotes || matches.summary
    || matches.participants);
  if (!text) return null;
  return html`<p class="snippet">${text.split(/<\/?mark>/).map((part, i) => (i % 2
    ? html`<mark>${part}</mark>` : part))}</p>`;
}

export function EventRows({ events, quotesFrom }) {
  if (!events.length) return html`<p class="empty">No events match.</p>`;
  return html`<table class="events">
    <thead><tr><th scope="col">Date</th><th scope="col">Event</th>
      <th scope="col">Type</th><th scope="col">Countries</th></tr></thead>
    <tbody>${events.map((e) => html`<tr>
      <td class="date">${e.date || 'undated'}</td>
      <td><${EventLink} id=${e.id} title=${e.title} />
        ${e.certainty && e.certainty !== 'confirmed' && html` <span
          class=${`badge certainty ${e.certainty}`}>${e.certainty}</span>`}
        <${Snippet} matches=${e.matches} />
        ${quotesFrom && (e.sources || []).filter((s) => s.source === quotesFrom)
          .map((s) => html`<blockquote class="inline">${s.quote}</blockquote>`)}</td>
      <td>${e.type ? html`<span title=${QUAD_CLASSES[e.type.quad_class]}
        class=${`quad q${e.type.quad_class}`}>${e.type.label}</span>` : ''}</td>
      <td>${(e.countries || []).map((c) => html`<${CountryLink} code=${c} /> `)}</td>
    </tr>`)}</tbody>
  </table>`;
}
