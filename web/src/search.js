// SPDX-License-Identifier: MIT
// The search box: plain text searches events (q=); as you type, /suggest
// offers actors, countries, event types and events, which become a filter
// (or open the event). An ARIA combobox: arrows move, Enter picks.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './ui.js';
import { get } from './api.js';
import { idPath, navigate } from './route.js';

const KIND_NAMES = {
  actors: 'actor', countries: 'country', 'event-types': 'event type',
  events: 'event',
};

export function SearchBox({ value, onSearch, onFilter }) {
  const [text, setText] = useState(value || '');
  const [items, setItems] = useState([]);
  const [active, setActive] = useState(-1);
  const timer = useRef(null);
  useEffect(() => setText(value || ''), [value]);

  useEffect(() => {
    clearTimeout(timer.current);
    if (text.trim().length < 2) { setItems([]); return undefined; }
    const ctl = new AbortController();
    timer.current = setTimeout(() => {
      get('suggest', { q: text, limit: 8 }, ctl.signal)
        .then((r) => { setItems(r.data); setActive(-1); }, () => {});
    }, 120);
    return () => { clearTimeout(timer.current); ctl.abort(); };
  }, [text]);

  const pick = (item) => {
    setItems([]);
    if (item.resource === 'events') navigate(idPath('events', item.id));
    else if (item.resource === 'actors') onFilter('actor', item.id);
    else if (item.resource === 'countries') onFilter('country', item.id);
    else if (item.resource === 'event-types') onFilter('type', item.id);
    setText('');
  };
  const onKey = (e) => {
    if (e.key === 'ArrowDown' && items.length) {
      e.preventDefault(); setActive((active + 1) % items.length);
    } else if (e.key === 'ArrowUp' && items.length) {
      e.preventDefault(); setActive((active - 1 + items.length) % items.length);
    } else if (e.key === 'Escape') {
      setItems([]);
    } else if (e.key === 'Enter' && active >= 0 && items[active]) {
      e.preventDefault(); pick(items[active]);
    }
  };
  const submit = (e) => { e.preventDefault(); setItems([]); onSearch(text.trim()); };
  const open = items.length > 0;
  return html`<form class="search" role="search" onSubmit=${submit}>
    <label for="search-input" class="visually-hidden">Search events</label>
    <input id="search-input" type="search" value=${text} autocomplete="off"
      placeholder="Search events, or type a name: huawei, united kingdom, praise…"
      role="combobox" aria-autocomplete="list" aria-expanded=${open}
      aria-controls="search-suggestions"
      aria-activedescendant=${active >= 0 ? `suggestion-${active}` : null}
      onInput=${(e) => setText(e.target.value)} onKeyDown=${onKey} />
    <button type="submit">Search</button>
    <ul id="search-suggestions" role="listbox" aria-label="Suggestions"
        class=${open ? 'suggestions open' : 'suggestions'}>
      ${items.map((it, i) => html`<li id=${`suggestion-${i}`} role="option"
          aria-selected=${i === active} class=${i === active ? 'active' : ''}
          onMouseDown=${(e) => { e.preventDefault(); pick(it); }}>
        <span class="kind">${KIND_NAMES[it.resource] || it.resource}</span>
        ${it.name}${it.date ? html` <span class="muted">${it.date}</span>` : ''}
      </li>`)}
    </ul>
  </form>`;
}
