// SPDX-License-Identifier: MIT
// The network of the actors in any set of events (the /events filters).
import { html, useFetch, Fetched, ActorLink } from '../ui.js';
import { get } from '../api.js';
import { href, withParams } from '../route.js';
import { eventFilters, FilterChips } from '../filters.js';
import { Network } from '../charts/graph.js';

const PATH = '/network';

export function NetworkView({ params }) {
  const filters = eventFilters(params);
  const limit = params.get('limit') || '40';
  const state = useFetch((s) => get('network', { ...filters, limit }, s),
    [JSON.stringify(filters), limit]);
  return html`<section class="view network-view">
    <h1>Network</h1>
    <p>Actors who take part in the same events${Object.keys(filters).length
      ? ', among the events filtered by:' : ', among all events.'}</p>
    <${FilterChips} path=${PATH} params=${params} />
    <p class="tools">
      <label>Actors shown <select value=${limit} onChange=${(e) => {
        location.hash = href(PATH, withParams(params, { limit: e.target.value }));
      }}>${['20', '40', '80', '150'].map((n) => html`<option>${n}</option>`)}
      </select></label> ·
      <a href=${href('/events', filters)}>These events</a></p>
    <${Fetched} state=${state} what="network">${(d) => {
      const names = new Map(d.nodes.map((n) => [n.id, n.name]));
      return html`
      <${Network} data=${d} />
      <details><summary>As a table</summary>
        <table><thead><tr><th scope="col">Actor</th><th scope="col">Actor</th>
          <th scope="col">Shared events</th></tr></thead>
        <tbody>${d.edges.map((e) => html`<tr>
          <td><${ActorLink} id=${e.source} name=${names.get(e.source)} /></td>
          <td><${ActorLink} id=${e.target} name=${names.get(e.target)} /></td>
          <td>${e.weight}</td></tr>`)}</tbody></table>
      </details>`;
    }}<//>
  </section>`;
}
