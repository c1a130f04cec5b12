// SPDX-License-Identifier: MIT
// An event's page: what happened, who took part and how, every citation
// with its sentence, and the events it relates to.
import { html, useFetch, Fetched, ActorLink, CountryLink, EventLink, Quote,
  QUAD_CLASSES } from '../ui.js';
import { api, namesOf } from '../api.js';
import { href, idPath } from '../route.js';

const num = (v, digits) => (v === null || v === undefined ? null
  : Number(v).toFixed(digits));

export function EventView({ id }) {
  const state = useFetch(async (signal) => {
    const { body, etag } = await api(`events/${encodeURIComponent(id)}`,
      null, { signal });
    const [actors, sources, related] = await Promise.all([
      namesOf('actors', body.participants.map((p) => p.actor), signal),
      namesOf('sources', body.sources.map((s) => s.source), signal),
      namesOf('events', body.related.map((r) => r.event), signal)]);
    return { event: body, etag, actors, sources, related };
  }, [id]);
  return html`<article class="view event-view">
    <${Fetched} state=${state} what="event">${({ event: e, actors, sources,
      related }) => html`
      <header class="profile">
        <h1>${e.title}</h1>
        <p class="facts"><span class="date">${e.date || 'undated'}</span>
          ${e.certainty && html` · <span class=${`badge certainty ${e.certainty}`}
            title="How the reporting presents it">${e.certainty}</span>`}
          ${e.type && html` · <a href=${href('/events', { type: e.type.code })}>
            ${e.type.label}</a> (CAMEO ${e.type.code}, ${QUAD_CLASSES[e.type.quad_class]},
            Goldstein ${e.type.goldstein})`}
          ${e.location && e.location.name && html` · ${e.location.name}`}
          ${e.country && html` · in <${CountryLink} code=${e.country} />`}</p>
        ${e.summary && html`<p>${e.summary}</p>`}
        <p class="tools"><a href=${href(`/edit${idPath('events', id)}`)}>Edit</a></p>
      </header>
      <section><h2>Participants</h2>
        ${e.participants.length ? html`<ul>${e.participants.map((p) => {
          const a = actors.get(p.actor);
          return html`<li><${ActorLink} id=${p.actor} name=${a?.name} />
            <span class="badge">${p.role}</span>${p.note ? ` — ${p.note}` : ''}
            ${a?.country ? html` <span class="muted">(${a.country})</span>` : ''}</li>`;
        })}</ul>` : html`<p class="empty">None recorded.</p>`}
        ${e.countries.length > 0 && html`<p>Countries involved: ${e.countries.map(
          (c) => html`<${CountryLink} code=${c} /> `)}</p>`}
      </section>
      <section><h2>Citations</h2>
        ${e.sources.length ? e.sources.map((s) => html`<${Quote} quote=${s.quote}
          source=${sources.get(s.source) || { id: s.source }} />`)
          : html`<p class="empty">No citations.</p>`}
      </section>
      ${e.related.length > 0 && html`<section><h2>Related events</h2><ul>
        ${e.related.map((r) => html`<li><span class="badge">${r.relation.replace(/_/g, ' ')}</span>
          <${EventLink} id=${r.event} title=${related.get(r.event)?.title} /></li>`)}
      </ul></section>`}
      ${(e.location || e.num_mentions !== null) && html`<section><h2>Coverage and place</h2>
        <dl class="numbers">
          ${e.location && html`<dt>Place</dt><dd>${e.location.name || ''}
            ${e.location.lat != null ? ` (${num(e.location.lat, 3)}, ${num(e.location.lon, 3)})` : ''}</dd>`}
          ${e.num_mentions !== null && html`<dt>Mentions</dt><dd>${e.num_mentions}</dd>`}
          ${e.num_sources !== null && html`<dt>Sources</dt><dd>${e.num_sources}</dd>`}
          ${e.num_articles !== null && html`<dt>Articles</dt><dd>${e.num_articles}</dd>`}
          ${e.avg_tone !== null && html`<dt>Average tone</dt><dd>${num(e.avg_tone, 2)}</dd>`}
          ${e.goldstein !== null && html`<dt>Goldstein</dt><dd>${e.goldstein}</dd>`}
        </dl></section>`}
    `}<//>
  </article>`;
}
