// SPDX-License-Identifier: MIT
// A country's page: its reference data, its events over time, the actors
// most involved, its actors and its events.
import { html, useFetch, Fetched, ActorLink, Facets, Pager } from '../ui.js';
import { get } from '../api.js';
import { href, idPath } from '../route.js';
import { EventRows } from '../eventrows.js';
import { Timeline } from '../charts/timeline.js';

export function CountryView({ code, params }) {
  const path = idPath('countries', code);
  const c = encodeURIComponent(code);
  const country = useFetch((s) => get(`countries/${c}`, null, s), [code]);
  const series = useFetch((s) => get('stats', { country: code, by: 'month',
    limit: 1000 }, s), [code]);
  const events = useFetch((s) => get(`countries/${c}/events`, { limit: 25,
    cursor: params.get('cursor') }, s), [code, params.get('cursor')]);
  // On their own, so that the list never waits for them.
  const facets = useFetch((s) => get(`countries/${c}/events`, { limit: 1,
    fields: 'id', facet: 'actor,root,location_country' }, s)
    .then((r) => r.facets), [code]);
  const actors = useFetch((s) => get(`countries/${c}/actors`, { limit: 50 }, s),
    [code]);
  return html`<article class="view country-view">
    <${Fetched} state=${country} what="country">${(d) => html`
      <header class="profile">
        <h1>${d.common_name || d.name}</h1>
        <p class="facts"><span class="badge">${d.code}</span> ${d.iso3}
          · ${d.region || ''}${d.subregion ? `, ${d.subregion}` : ''}
          ${d.capital && html` · capital ${d.capital}`}</p>
        <p>${d.official_name}</p>
        ${d.memberships.length > 0 && html`<p>Member of: ${d.memberships.map(
          (m) => html`<${ActorLink} id=${m} /> `)}</p>`}
        <p class="tools"><a href=${href('/events', { country: d.code })}>
          Search its events</a> · <a href=${href('/network', { country: d.code })}>
          Network of its events</a></p>
      </header>`}<//>
    <section><h2>Events over time</h2>
      <${Fetched} state=${series} what="timeline">${(d) => html`
        <${Timeline} rows=${d.data} unit="month" />`}<//>
    </section>
    <div class="browse">
      <${Fetched} state=${facets} what="facets">${(f) => html`
        <${Facets} facets=${f} path="/events"
          params=${new URLSearchParams({ country: code.toUpperCase() })} />`}<//>
      <section class="results"><h2>Events</h2>
        <${Fetched} state=${events} what="events">${(d) => html`
          <${EventRows} events=${d.data} />
          <${Pager} links=${d.links} path=${path} params=${params} />`}<//>
      </section>
    </div>
    <section><h2>Its actors</h2>
      <${Fetched} state=${actors} what="actors">${(d) => (d.data.length
        ? html`<ul class="columns">${d.data.map((a) => html`<li>
            <${ActorLink} id=${a.id} name=${a.name} /> <span class="muted">${a.kind}</span></li>`)}</ul>`
        : html`<p class="empty">No actors from here.</p>`)}<//>
    </section>
  </article>`;
}
