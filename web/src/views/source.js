// SPDX-License-Identifier: MIT
// A source's page: what it is, and every event citing it with the
// sentences quoted from it.
import { html, useFetch, Fetched, Pager, ActorLink } from '../ui.js';
import { get } from '../api.js';
import { href, idPath } from '../route.js';
import { EventRows } from '../eventrows.js';

export function SourceView({ id, params }) {
  const path = idPath('sources', id);
  const source = useFetch((s) => get(`sources/${encodeURIComponent(id)}`,
    null, s), [id]);
  const events = useFetch((s) => get('events', { source: id, limit: 50,
    sort: 'date', cursor: params.get('cursor') }, s), [id, params.get('cursor')]);
  const actors = useFetch((s) => get('actors', { source: id, limit: 100 }, s),
    [id]);
  return html`<article class="view source-view">
    <${Fetched} state=${source} what="source">${(d) => html`
      <header class="profile">
        <h1>${d.title}</h1>
        <p class="facts"><span class="badge">${d.kind}</span>
          ${d.publisher && ` · ${d.publisher}`}${d.author && ` · ${d.author}`}
          ${d.published && ` · ${d.published}`}</p>
        ${d.url && html`<p><a href=${d.url} rel="noopener noreferrer">${d.url}</a></p>`}
        <p class="tools"><a href=${href(`/edit${path}`)}>Edit</a> ·
          <a href=${href('/events', { source: id })}>Search its events</a></p>
      </header>`}<//>
    <section><h2>Actors it describes, in its words</h2>
      <${Fetched} state=${actors} what="actors">${(d) => (d.data.length
        ? html`<ul class="cited-actors">${d.data.map((a) => html`<li>
            <${ActorLink} id=${a.id} name=${a.name} />
            ${a.sources.filter((c) => c.source === id).map((c) => html`
              <blockquote class="inline">${c.quote}</blockquote>`)}</li>`)}</ul>
            ${d.links.next && html`<p class="muted">The first 100 shown;
              <a href=${href('/actors', {})}>browse all actors</a>.</p>`}`
        : html`<p class="empty">No actor cites it.</p>`)}<//>
    </section>
    <section><h2>Events citing it, with its words</h2>
      <${Fetched} state=${events} what="events">${(d) => html`
        <${EventRows} events=${d.data} quotesFrom=${id} />
        <${Pager} links=${d.links} path=${path} params=${params} />`}<//>
    </section>
  </article>`;
}
