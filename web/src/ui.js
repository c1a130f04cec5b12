// SPDX-License-Identifier: MIT
// Pieces every view uses: fetching with loading and error states, links
// to records, facets, the pager, quotes.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import htm from 'htm';
import { href, idPath, withParams } from './route.js';

export const html = htm.bind(h);

export const QUAD_CLASSES = {
  1: 'Verbal cooperation', 2: 'Material cooperation',
  3: 'Verbal conflict', 4: 'Material conflict',
};

// Runs load(signal) when deps change; a newer run cancels the older.
export function useFetch(load, deps) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    load(ctl.signal).then(
      (data) => { if (!ctl.signal.aborted) setState({ data, loading: false }); },
      (error) => {
        if (!ctl.signal.aborted && error.name !== 'AbortError') {
          setState({ error });
        }
      });
    return () => ctl.abort();
  }, deps);
  return state;
}

export function Problem({ error }) {
  if (!error) return null;
  const p = error.problem || {};
  return html`<div class="problem" role="alert">
    <strong>${p.title || 'Something went wrong'}</strong>
    ${error.status ? ` (${error.status})` : ''}: ${error.message}
  </div>`;
}

export function Loading({ what }) {
  return html`<p class="loading" role="status">Loading ${what || ''}…</p>`;
}

// Loading, error or the content for the fetched data; while newer data
// loads, the older stays in view, marked busy.
export function Fetched({ state, what, children }) {
  if (state.error) return html`<${Problem} error=${state.error} />`;
  if (!state.data) return html`<${Loading} what=${what} />`;
  return html`<div class="fetched" aria-busy=${state.loading ? 'true' : 'false'}>
    ${children(state.data)}</div>`;
}

export const ActorLink = ({ id, name }) =>
  html`<a href=${href(idPath('actors', id))}>${name || id}</a>`;
export const CountryLink = ({ code, name }) => (code
  ? html`<a href=${href(idPath('countries', code.toLowerCase()))}
      title=${name || code}>${name || code}</a>` : null);
export const EventLink = ({ id, title }) =>
  html`<a href=${href(idPath('events', id))}>${title || id}</a>`;
export const SourceLink = ({ id, title }) =>
  html`<a href=${href(idPath('sources', id))}>${title || id}</a>`;

export function Quote({ quote, source }) {
  return html`<figure class="quote">
    <blockquote>${quote}</blockquote>
    ${source && html`<figcaption>— <${SourceLink} id=${source.id}
      title=${source.title} />${source.publisher
      ? `, ${source.publisher}` : ''}${source.published
      ? `, ${source.published}` : ''}</figcaption>`}
  </figure>`;
}

// The value and label of one facet entry: { country, country_name, count }.
export function facetEntry(field, entry) {
  const value = entry[field];
  const label = entry[`${field}_name`] || entry[`${field}_label`]
    || entry[`${field}_title`]
    || (field === 'quad_class' ? QUAD_CLASSES[value] : null) || value;
  return { value, label: label === null ? 'none' : String(label) };
}

const FACET_TITLES = {
  country: 'Countries involved', location_country: 'Where', root: 'Event category',
  quad_class: 'Quad class', actor: 'Actors', source: 'Sources', kind: 'Kind',
  type: 'Event type', role: 'Role',
};

// The filter a facet's value sets: a CAMEO root is a prefix of type.
const FACET_FILTERS = { root: 'type' };

// Facets beside a list: each value a link that adds (or removes) it as a
// filter of the current view.
export function Facets({ facets, path, params }) {
  if (!facets) return null;
  return html`<aside class="facets" aria-label="Refine">
    ${Object.entries(facets).map(([field, entries]) => html`
      <section class="facet">
        <h3>${FACET_TITLES[field] || field}</h3>
        <ul>${entries.filter((e) => e[field] !== null).map((e) => {
          const { value, label } = facetEntry(field, e);
          const filter = FACET_FILTERS[field] || field;
          const on = params.get(filter) === String(value);
          const next = withParams(params, { [filter]: on ? '' : value });
          return html`<li><a href=${href(path, next)}
              class=${on ? 'on' : ''} aria-current=${on ? 'true' : null}>
            <span class="label">${label}</span>
            <span class="count">${e.count.toLocaleString()}</span></a></li>`;
        })}</ul>
      </section>`)}
  </aside>`;
}

// "Next page" from a list's links.next (the API's cursor), kept in the URL.
export function Pager({ links, path, params }) {
  const next = links && links.next
    ? new URL(links.next, 'http://x').searchParams.get('cursor') : null;
  const cursor = params.get('cursor');
  return html`<nav class="pager" aria-label="Pages">
    ${cursor && html`<a href=${href(path, withParams(params, {}))}>First page</a>`}
    ${next && html`<a href=${href(path, withParams(params,
      { cursor: next }))} rel="next">Next page</a>`}
  </nav>`;
}
