// SPDX-License-Identifier: MIT
// Create and edit actors, events and sources (needs an API key). An edit
// is a PATCH of the fields this form shows, sent with If-Match: when
// someone else saved in between, the API answers 412 and the form shows
// what they changed beside your version, losing neither. A 422's field
// errors are shown beside their fields.
import { useEffect, useState } from 'preact/hooks';
import { html, useFetch, Fetched, Problem } from '../ui.js';
import { api, apiKey, ApiError } from '../api.js';
import { navigate, idPath, href } from '../route.js';

const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
const text = (v) => (v === '' ? null : v);

// Each field: name, label, kind (text, area, select, list, rows), and for
// rows the members of one row.
const FORMS = {
  actors: [
    { name: 'name', label: 'Name', required: true },
    { name: 'kind', label: 'Kind', kind: 'select', required: true,
      options: ['person', 'organization', 'government', 'company', 'media', 'alliance'] },
    { name: 'country', label: 'Country (ISO code)', nullable: true },
    { name: 'title', label: 'Title', nullable: true },
    { name: 'description', label: 'Description', kind: 'area', nullable: true },
    { name: 'aliases', label: 'Other names (comma-separated)', kind: 'list' },
    { name: 'wikidata', label: 'Wikidata id', nullable: true },
    { name: 'affiliations', label: 'Affiliations', one: 'affiliation', kind: 'rows',
      members: [['actor', 'Actor id'], ['role', 'Role']] },
    { name: 'sources', label: 'Citations', one: 'citation', kind: 'rows',
      members: [['source', 'Source id'], ['quote', 'Quote', 'area']] },
  ],
  events: [
    { name: 'title', label: 'Title', required: true },
    { name: 'summary', label: 'Summary', kind: 'area', nullable: true },
    { name: 'date', label: 'Date (YYYY, YYYY-MM or YYYY-MM-DD)', nullable: true },
    { name: 'certainty', label: 'Certainty', kind: 'select', nullable: true,
      blank: 'not assessed',
      options: ['confirmed', 'reported', 'claimed', 'denied', 'planned'] },
    { name: 'type', label: 'CAMEO code', nullable: true,
      get: (r) => (r.type ? r.type.code : '') },
    { name: 'country', label: 'Where (ISO code)', nullable: true },
    { name: 'participants', label: 'Participants', one: 'participant', kind: 'rows',
      members: [['actor', 'Actor id'], ['role', 'Role', 'select',
        ['initiator', 'target', 'participant', 'supporter', 'opponent']],
      ['note', 'Note']] },
    { name: 'sources', label: 'Citations', one: 'citation', kind: 'rows',
      members: [['source', 'Source id'], ['quote', 'Quote', 'area']] },
  ],
  sources: [
    { name: 'title', label: 'Title', required: true },
    { name: 'kind', label: 'Kind', kind: 'select', required: true,
      options: ['article', 'report', 'statement', 'dataset'] },
    { name: 'publisher', label: 'Publisher', nullable: true },
    { name: 'author', label: 'Author', nullable: true },
    { name: 'published', label: 'Published (YYYY-MM-DD)', nullable: true },
    { name: 'url', label: 'URL', nullable: true },
  ],
};

// The form's values for a record (strings, and arrays of row objects).
function valuesOf(kind, record) {
  const v = {};
  for (const f of FORMS[kind]) {
    const raw = f.get ? f.get(record) : record[f.name];
    if (f.kind === 'rows') v[f.name] = (raw || []).map((r) => ({ ...r }));
    else if (f.kind === 'list') v[f.name] = (raw || []).join(', ');
    else v[f.name] = raw === null || raw === undefined ? '' : String(raw);
  }
  return v;
}

// The body to send: every field of the form.
function bodyOf(kind, values) {
  const body = {};
  for (const f of FORMS[kind]) {
    const v = values[f.name];
    if (f.kind === 'rows') {
      body[f.name] = v.map((row) => {
        const out = {};
        for (const [m] of f.members) out[m] = text(row[m] || '');
        return out;
      });
    } else if (f.kind === 'list') body[f.name] = list(v);
    else body[f.name] = f.nullable ? text(v.trim()) : v.trim();
  }
  return body;
}

function FieldError({ errors, name }) {
  const e = errors.filter((x) => x.field === name);
  if (!e.length) return null;
  return html`<span class="field-error" id=${`err-${name}`} role="alert">
    ${e.map((x) => x.message).join('; ')}</span>`;
}

function Input({ id, value, onInput, kind, options, errors, name, required,
  blank }) {
  const bad = errors.some((x) => x.field === name);
  const props = { id, name, value, required, 'aria-invalid': bad ? 'true' : null,
    'aria-describedby': bad ? `err-${name}` : null,
    onInput: (e) => onInput(e.target.value) };
  if (kind === 'area') return html`<textarea rows="3" ...${props} />`;
  if (kind === 'select') {
    return html`<select ...${props} onChange=${props.onInput}>
      <option value="" disabled=${!blank}>${blank || 'Choose…'}</option>
      ${options.map((o) => html`<option value=${o}>${o}</option>`)}</select>`;
  }
  return html`<input type="text" ...${props} />`;
}

function Rows({ field, rows, setRows, errors }) {
  const change = (i, m, value) => setRows(rows.map((r, j) => (j === i
    ? { ...r, [m]: value } : r)));
  return html`<fieldset class="rows"><legend>${field.label}</legend>
    ${rows.map((row, i) => html`<div class="row">
      ${field.members.map(([m, label, kind, options]) => {
        const name = `${field.name}[${i}].${m}`;
        return html`<label>${label}
          <${Input} id=${name} name=${name} value=${row[m] || ''} kind=${kind}
            options=${options} errors=${errors}
            onInput=${(v) => change(i, m, v)} />
          <${FieldError} errors=${errors} name=${name} /></label>`;
      })}
      <button type="button" onClick=${() => setRows(rows.filter((_, j) => j !== i))}
        aria-label=${`Remove ${field.label} ${i + 1}`}>Remove</button>
    </div>`)}
    <${FieldError} errors=${errors} name=${field.name} />
    <button type="button" onClick=${() => setRows([...rows, {}])}>
      Add ${field.one}</button>
  </fieldset>`;
}

function Conflict({ theirs, mine, kind, onKeepMine, onTakeTheirs }) {
  const t = valuesOf(kind, theirs);
  const changed = FORMS[kind].filter((f) => JSON.stringify(t[f.name])
    !== JSON.stringify(mine[f.name]));
  return html`<div class="conflict" role="alert">
    <h2>Someone else saved this record while you were editing</h2>
    <p>Nothing was overwritten. Fields where their version differs from yours:</p>
    <table><thead><tr><th scope="col">Field</th><th scope="col">Theirs</th>
      <th scope="col">Yours</th></tr></thead>
      <tbody>${changed.map((f) => html`<tr><th scope="row">${f.label}</th>
        <td>${JSON.stringify(t[f.name])}</td><td>${JSON.stringify(mine[f.name])}</td></tr>`)}
      </tbody></table>
    <button type="button" onClick=${onKeepMine}>Save mine over theirs</button>
    <button type="button" onClick=${onTakeTheirs}>Discard mine, load theirs</button>
  </div>`;
}

function Form({ kind, id, record, etag }) {
  const [values, setValues] = useState(() => valuesOf(kind, record || {}));
  const [tag, setTag] = useState(etag);
  const [newId, setNewId] = useState('');
  const [problem, setProblem] = useState(null);
  const [conflict, setConflict] = useState(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => { setValues(valuesOf(kind, record || {})); setTag(etag); },
    [record, etag]);
  const errors = (problem && problem.problem && problem.problem.errors) || [];
  const set = (name) => (v) => setValues({ ...values, [name]: v });

  const save = async (ifMatch) => {
    setSaving(true); setProblem(null); setConflict(null);
    const body = bodyOf(kind, values);
    try {
      if (id) {
        await api(`${kind}/${encodeURIComponent(id)}`, null,
          { method: 'PATCH', body, ifMatch });
        navigate(idPath(kind, id));
      } else {
        if (newId.trim()) body.id = newId.trim();
        const { body: made } = await api(kind, null, { method: 'POST', body });
        navigate(idPath(kind, made.id));
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const latest = await api(`${kind}/${encodeURIComponent(id)}`);
        setConflict({ theirs: latest.body, etag: latest.etag });
      } else setProblem(e);
    }
    setSaving(false);
  };
  const submit = (e) => { e.preventDefault(); save(tag); };

  return html`<form class="editor" onSubmit=${submit} novalidate>
    ${!apiKey() && html`<p class="notice">Saving needs an API key: enter one
      in the header (ask the operator; <code>dossier keys create NAME</code>).</p>`}
    ${conflict && html`<${Conflict} theirs=${conflict.theirs} mine=${values}
      kind=${kind} onKeepMine=${() => { setTag(conflict.etag); save(conflict.etag); }}
      onTakeTheirs=${() => { setValues(valuesOf(kind, conflict.theirs));
        setTag(conflict.etag); setConflict(null); }} />`}
    ${problem && html`<${Problem} error=${problem} />`}
    ${!id && html`<label>Id (optional; made from the name or title)
      <input type="text" name="id" value=${newId}
        onInput=${(e) => setNewId(e.target.value)} />
      <${FieldError} errors=${errors} name="id" /></label>`}
    ${FORMS[kind].map((f) => (f.kind === 'rows'
      ? html`<${Rows} field=${f} rows=${values[f.name]} setRows=${set(f.name)}
          errors=${errors} />`
      : html`<label for=${f.name}>${f.label}${f.required ? ' (required)' : ''}</label>
        <${Input} id=${f.name} name=${f.name} value=${values[f.name]}
          kind=${f.kind} options=${f.options} errors=${errors}
          required=${f.required} blank=${f.blank} onInput=${set(f.name)} />
        <${FieldError} errors=${errors} name=${f.name} />`))}
    <div class="actions">
      <button type="submit" disabled=${saving}>${saving ? 'Saving…'
        : id ? 'Save changes' : 'Create'}</button>
      <a href=${id ? href(idPath(kind, id)) : href(`/${kind === 'events' ? 'events' : kind}`)}>Cancel</a>
    </div>
  </form>`;
}

export function EditView({ kind, id }) {
  const title = `${id ? 'Edit' : 'New'} ${kind.replace(/s$/, '')}`;
  const state = useFetch((signal) => (id
    ? api(`${kind}/${encodeURIComponent(id)}`, null, { signal })
    : Promise.resolve({ body: null, etag: null })), [kind, id]);
  if (!FORMS[kind]) return html`<p>Nothing to edit here.</p>`;
  return html`<section class="view edit-view">
    <h1>${title}${id ? html`: <span class="muted">${id}</span>` : ''}</h1>
    <${Fetched} state=${state} what="record">${(d) => html`
      <${Form} kind=${kind} id=${id} record=${d.body} etag=${d.etag} />`}<//>
  </section>`;
}
