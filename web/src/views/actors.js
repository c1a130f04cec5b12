// SPDX-License-Identifier: MIT
// Browse actors and sources: search by name, facets, pages.
import { html, useFetch, Fetched, Facets, Pager, ActorLink, CountryLink,
  SourceLink } from '../ui.js';
import { get, apiUrl } from '../api.js';
import { href, navigate, withParams } from '../route.js';

const LISTS = {
  actors: { facet: 'kind,country', filters: ['q', 'kind', 'country'],
    row: (a) => html`<tr><td><${ActorLink} id=${a.id} name=${a.name} /></td>
      <td>${a.kind}</td><td><${CountryLink} code=${a.country} /></td>
      <td>${a.title || ''}</td></tr>`,
    head: ['Name', 'Kind', 'Country', 'Title'] },
  sources: { facet: 'kind', filters: ['q', 'kind'],
    row: (s) => html`<tr><td><${SourceLink} id=${s.id} title=${s.title} /></td>
      <td>${s.kind}</td><td>${s.publisher || ''}</td><td>${s.published || ''}</td></tr>`,
    head: ['Title', 'Kind', 'Publisher', 'Published'] },
};

export function ListView({ list, params }) {
  const spec = LISTS[list];
  const path = `/${list}`;
  const filters = {};
  for (const k of spec.filters) if (params.get(k)) filters[k] = params.get(k);
  const state = useFetch((s) => get(list, { ...filters, facet: spec.facet,
    limit: 50, cursor: params.get('cursor') }, s),
  [list, JSON.stringify(filters), params.get('cursor')]);
  const submit = (e) => {
    e.preventDefault();
    navigate(path, withParams(params, { q: e.target.elements.q.value.trim() }));
  };
  return html`<section class="view list-view">
    <h1>${list === 'actors' ? 'Actors' : 'Sources'}</h1>
    <p class="tools"><a href=${href(`/new/${list}`)}>New ${list === 'actors'
      ? 'actor' : 'source'}</a></p>
    <form class="search" role="search" onSubmit=${submit}>
      <label for="list-q">Search ${list}</label>
      <input id="list-q" name="q" type="search" value=${params.get('q') || ''} />
      <button type="submit">Search</button>
    </form>
    <div class="browse">
      ${state.data && html`<${Facets} facets=${state.data.facets} path=${path}
        params=${params} />`}
      <div class="results">
        <p class="downloads">Download:${' '}
          <a href=${apiUrl(list, { ...filters, format: 'csv', limit: 1000 }).href}
            download>CSV</a>${' · '}
          <a href=${apiUrl(list, { ...filters, format: 'ndjson', limit: 1000 }).href}
            download>NDJSON</a></p>
        <${Fetched} state=${state} what=${list}>${(d) => html`
          <table><thead><tr>${spec.head.map((t) => html`<th scope="col">${t}</th>`)}</tr></thead>
            <tbody>${d.data.map(spec.row)}</tbody></table>
          <${Pager} links=${d.links} path=${path} params=${params} />`}<//>
      </div>
    </div>
  </section>`;
}
