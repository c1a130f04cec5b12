// SPDX-License-Identifier: MIT
// An actor's page: who they are (with the sentences that say so), their
// affiliations, their events over time, their network and their events.
import { html, useFetch, Fetched, ActorLink, CountryLink, Quote, Pager }
  from '../ui.js';
import { api, get, namesOf } from '../api.js';
import { href, idPath } from '../route.js';
import { EventRows } from '../eventrows.js';
import { Timeline } from '../charts/timeline.js';
import { Network } from '../charts/graph.js';

function Profile({ actor, names, sources }) {
  return html`<header class="profile">
    <h1>${actor.name}</h1>
    <p class="facts">
      <span class="badge">${actor.kind}</span>
      ${actor.country && html` <${CountryLink} code=${actor.country} />`}
      ${actor.title && html` · ${actor.title}`}
      ${actor.wikidata && html` · <a href=${`https://www.wikidata.org/wiki/${
        actor.wikidata}`} rel="noopener noreferrer">${actor.wikidata}</a>`}
    </p>
    ${actor.description && html`<p>${actor.description}</p>`}
    ${actor.aliases.length > 0 && html`<p>Also known as: ${actor.aliases.join(', ')}</p>`}
    ${actor.affiliations.length > 0 && html`<section><h2>Affiliations</h2><ul>
      ${actor.affiliations.map((a) => html`<li><${ActorLink} id=${a.actor}
        name=${names.get(a.actor)?.name} />${a.role ? ` (${a.role})` : ''}</li>`)}
    </ul></section>`}
    ${actor.members.length > 0 && html`<section><h2>Member countries</h2><ul>
      ${actor.members.map((c) => html`<li><${CountryLink} code=${c} /></li>`)}
    </ul></section>`}
    ${actor.sources.length > 0 && html`<section><h2>What the sources say</h2>
      ${actor.sources.map((s) => html`<${Quote} quote=${s.quote}
        source=${sources.get(s.source) || { id: s.source }} />`)}</section>`}
  </header>`;
}

export function ActorView({ id, params }) {
  const path = idPath('actors', id);
  const actor = useFetch(async (signal) => {
    const { body, etag } = await api(`actors/${encodeURIComponent(id)}`,
      null, { signal });
    const linked = body.affiliations.map((a) => a.actor);
    const [names, sources] = await Promise.all([
      namesOf('actors', linked, signal),
      namesOf('sources', body.sources.map((s) => s.source), signal)]);
    return { actor: body, etag, names, sources };
  }, [id]);
  const series = useFetch((s) => get('stats', { actor: id, by: 'month',
    limit: 1000 }, s), [id]);
  const network = useFetch((s) => get(`actors/${encodeURIComponent(id)}/network`,
    { limit: 30 }, s), [id]);
  const events = useFetch((s) => get(`actors/${encodeURIComponent(id)}/events`,
    { limit: 25, cursor: params.get('cursor') }, s), [id, params.get('cursor')]);
  return html`<article class="view actor-view">
    <${Fetched} state=${actor} what="actor">${(d) => html`
      <${Profile} actor=${d.actor} names=${d.names} sources=${d.sources} />
      <p class="tools"><a href=${href(`/edit${path}`)}>Edit</a> ·
        <a href=${href('/events', { actor: id })}>Search within their events</a> ·
        <a href=${href('/network', { actor: id })}>Network of their events</a></p>`}<//>
    <section><h2>Events over time</h2>
      <${Fetched} state=${series} what="timeline">${(d) => html`
        <${Timeline} rows=${d.data} unit="month" label="Their events" />`}<//>
    </section>
    <section><h2>Who they appear with</h2>
      <${Fetched} state=${network} what="network">${(d) => html`
        <${Network} data=${d} focus=${id} />`}<//>
    </section>
    <section><h2>Events</h2>
      <${Fetched} state=${events} what="events">${(d) => html`
        <${EventRows} events=${d.data} />
        <${Pager} links=${d.links} path=${path} params=${params} />`}<//>
    </section>
  </article>`;
}
