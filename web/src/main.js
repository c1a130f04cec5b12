// SPDX-License-Identifier: MIT
// The app's frame and router: the header, and the view the URL's fragment
// names (route.js).
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './ui.js';
import { useRoute, href } from './route.js';
import { apiKey, setApiKey } from './api.js';
import { EventsView } from './views/events.js';
import { ActorView } from './views/actor.js';
import { CountryView } from './views/country.js';
import { EventView } from './views/event.js';
import { SourceView } from './views/source.js';
import { NetworkView } from './views/network.js';
import { ListView } from './views/actors.js';
import { EditView } from './views/edit.js';

const EDITABLE = ['actors', 'events', 'sources'];

function view({ segments, params }) {
  const [first, second, third] = segments;
  if (!first || (first === 'events' && !second)) {
    return html`<${EventsView} params=${params} />`;
  }
  if (first === 'events') return html`<${EventView} id=${second} />`;
  if (first === 'actors' && second) {
    return html`<${ActorView} id=${second} params=${params} />`;
  }
  if (first === 'sources' && second) {
    return html`<${SourceView} id=${second} params=${params} />`;
  }
  if (first === 'actors' || first === 'sources') {
    return html`<${ListView} list=${first} params=${params} />`;
  }
  if (first === 'countries' && second) {
    return html`<${CountryView} code=${second} params=${params} />`;
  }
  if (first === 'network') return html`<${NetworkView} params=${params} />`;
  if (first === 'edit' && EDITABLE.includes(second) && third) {
    return html`<${EditView} kind=${second} id=${third} />`;
  }
  if (first === 'new' && EDITABLE.includes(second)) {
    return html`<${EditView} kind=${second} />`;
  }
  return html`<section class="view"><h1>Not found</h1>
    <p>Nothing lives at this address. <a href="#/">Back to events</a>.</p></section>`;
}

function KeyBox() {
  const [key, setKey] = useState(apiKey());
  const [open, setOpen] = useState(false);
  const save = (e) => {
    e.preventDefault();
    setApiKey(e.target.elements.key.value.trim());
    setKey(apiKey());
    setOpen(false);
  };
  if (!open) {
    return html`<button type="button" class="key" onClick=${() => setOpen(true)}>
      ${key ? 'Editing on (API key set)' : 'Sign in to edit'}</button>`;
  }
  return html`<form class="key" onSubmit=${save}>
    <label for="api-key">API key</label>
    <input id="api-key" name="key" type="password" autocomplete="off" value=${key} />
    <button type="submit">${key ? 'Save' : 'Use key'}</button>
    <button type="button" onClick=${() => { setApiKey(''); setKey(''); setOpen(false); }}>
      Forget</button>
  </form>`;
}

const NAV = [['/events', 'Events'], ['/actors', 'Actors'], ['/sources', 'Sources'],
  ['/network', 'Network']];

function App() {
  const route = useRoute();
  const main = useRef(null);
  // A new view takes the focus, as a page load would, for screen readers;
  // the first one leaves it where the browser puts it.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    if (main.current) main.current.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [route.path]);
  const section = `/${route.segments[0] || 'events'}`;
  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault();
      main.current.focus(); }}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/">dossier</a>
      <nav aria-label="Sections"><ul>
        ${NAV.map(([p, label]) => html`<li><a href=${href(p)}
          aria-current=${section === p ? 'page' : null}>${label}</a></li>`)}
        <li class="new"><a href=${href('/new/events')}>New event</a></li>
        <li><a href="docs">API</a></li>
      </ul></nav>
      <${KeyBox} />
    </header>
    <main id="main" tabindex="-1" ref=${main}>
      <div key=${route.path}>${view(route)}</div></main>
    <footer>Every fact cites the sentence it came from.
      <a href="openapi.yaml">openapi.yaml</a></footer>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
