// SPDX-License-Identifier: MIT
// Search and browse events: the search box, the filters, a timeline that
// can be brushed, a map, facets and the matching events, page by page.
import { html, useFetch, Fetched, Facets, Pager } from '../ui.js';
import { get, api, apiUrl } from '../api.js';
import { href, navigate, withParams } from '../route.js';
import { SearchBox } from '../search.js';
import { EventRows } from '../eventrows.js';
import { eventFilters, FilterChips, timeUnit } from '../filters.js';
import { Timeline } from '../charts/timeline.js';
import { WorldMap } from '../charts/map.js';

const PATH = '/events';
// Facets come in a request of their own, so that the list never waits
// for them. Sources are left out: with GDELT every event cites its own
// article, and counting them over millions of events is slow.
const FACETS = 'country,root,quad_class,actor';
const SORTS = [['', 'Newest first'], ['date', 'Oldest first'],
  ['-mentions', 'Most mentioned'], ['goldstein', 'Most conflictual'],
  ['-goldstein', 'Most cooperative'], ['tone', 'Most negative tone']];

function Downloads({ filters, sort }) {
  const link = (format) => apiUrl('events', { ...filters, sort, format,
    limit: 1000 }).href;
  return html`<p class="downloads">Download this view:${' '}
    <a href=${link('csv')} download>CSV</a>${' · '}
    <a href=${link('ndjson')} download>NDJSON</a>${' · '}
    <a href=${apiUrl('events', { ...filters, sort, limit: 100 }).href}>JSON</a>${' '}
    <span class="muted">(up to 1,000 events a file; the next page's link
    is in its Link header)</span></p>`;
}

// The period as text, for the keyboard (the timeline's drag, typed).
function Period({ params, set }) {
  const submit = (e) => {
    e.preventDefault();
    const f = e.target.elements;
    set({ from: f.from.value.trim(), to: f.to.value.trim() });
  };
  return html`<form class="period" onSubmit=${submit}>
    <label>From <input name="from" size="10" placeholder="YYYY-MM-DD"
      value=${params.get('from') || ''} /></label>
    <label>to <input name="to" size="10" placeholder="YYYY-MM-DD"
      value=${params.get('to') || ''} /></label>
    <button type="submit">Set period</button>
  </form>`;
}

export function EventsView({ params }) {
  const filters = eventFilters(params);
  const key = JSON.stringify(filters);
  const unit = timeUnit(params);
  const sort = params.get('sort') || '';
  const where = params.get('map') === 'where';
  const set = (changes) => navigate(PATH, withParams(params, changes));

  const series = useFetch((s) => get('stats', { ...filters, by: unit,
    limit: 1000 }, s), [key, unit]);
  const byCountry = useFetch((s) => get('stats', { ...filters,
    by: where ? 'location_country' : 'country', limit: 300 }, s), [key, where]);
  const points = useFetch((s) => api('events', { ...filters, limit: 300,
    fields: 'id,title,location' }, { signal: s,
    accept: 'application/geo+json' }).then((r) => r.body.features), [key]);
  const list = useFetch((s) => get('events', { ...filters, sort,
    cursor: params.get('cursor'), limit: 25 }, s),
  [key, sort, params.get('cursor')]);
  const facets = useFetch((s) => get('events', { ...filters, limit: 1,
    fields: 'id', facet: FACETS }, s).then((r) => r.facets), [key]);

  const total = series.data
    ? series.data.data.reduce((n, r) => n + r.count, 0) : null;
  const counts = new Map();
  if (byCountry.data) {
    const field = where ? 'location_country' : 'country';
    for (const r of byCountry.data.data) if (r[field]) counts.set(r[field], r.count);
  }
  return html`<section class="view events-view">
    <h1 class="visually-hidden">Events</h1>
    <${SearchBox} value=${params.get('q')}
      onSearch=${(q) => set({ q })}
      onFilter=${(k, v) => set({ [k]: v })} />
    <${FilterChips} path=${PATH} params=${params} />
    <p class="summary" role="status">${total === null ? 'Counting…'
      : `${total.toLocaleString()} events`}${' · '}<a href=${href('/network', filters)}>Network of these events</a></p>
    <div class="charts">
      <div class="timeline-box">
        <${Fetched} state=${series} what="timeline">${(d) => html`
          <${Timeline} rows=${d.data} unit=${unit}
            onSelect=${(from, to) => set({ from, to })} />`}<//>
        <${Period} params=${params} set=${set} />
      </div>
      <div class="map-box">
        <div class="toggle" role="group" aria-label="Shade countries by">
          <a href=${href(PATH, withParams(params, { map: '' }))}
             aria-pressed=${!where}>involved</a>
          <a href=${href(PATH, withParams(params, { map: 'where' }))}
             aria-pressed=${where}>where it happened</a>
        </div>
        <${WorldMap} counts=${counts} points=${points.data || []}
          linkParams=${{}} />
      </div>
    </div>
    <div class="browse">
      <${Fetched} state=${facets} what="facets">${(f) => html`
        <${Facets} facets=${f} path=${PATH} params=${params} />`}<//>
      <div class="results">
        <div class="list-tools">
          <label>Sort <select value=${sort}
              onChange=${(e) => set({ sort: e.target.value })}>
            ${SORTS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
          </select></label>
          <${Downloads} filters=${filters} sort=${sort} />
        </div>
        <${Fetched} state=${list} what="events">${(d) => html`
          <${EventRows} events=${d.data} />
          <${Pager} links=${d.links} path=${PATH} params=${params} />`}<//>
      </div>
    </div>
  </section>`;
}
