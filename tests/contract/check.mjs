// SPDX-License-Identifier: MIT
// The contract check: every HTTP exchange the test suite recorded
// (tests/harness.c writes one JSON line per exchange when
// DOSSIER_CONTRACT_LOG is set) is checked against openapi.yaml.
//
//   node tests/contract/check.mjs openapi.yaml build/release/contract.jsonl
//
// For each exchange: find the operation (path template and method; HEAD
// is checked as GET without a body), or, when the server answered before
// reaching one, the responses the document describes for that situation
// in `x-routing-responses`; pick the response object by status (then
// `NXX`, then `default`); check the headers it marks required and the
// value of every header it describes; check Content-Type against its
// `content`; and validate the body against the media type's schema
// (JSON Schema 2020-12, as OpenAPI 3.1 uses it). An NDJSON body is checked
// line by line, and a CSV header row field by field, against the row
// schema of the operation's JSON list. Prints each distinct failure, then
// "contract: N exchanges checked, M failures"; exits 1 on any failure.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import YAML from 'yaml';

const DOC_ID = 'https://dossier.dev/openapi.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch',
  'trace'];
// OpenAPI fields that are not JSON Schema keywords: the document's own
// (so that Ajv can hold it whole and resolve "#/components/..." in it)
// and the OpenAPI vocabulary inside schemas.
const OPENAPI_KEYWORDS = ['openapi', 'info', 'jsonSchemaDialect', 'servers',
  'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs',
  'discriminator', 'xml', 'example'];

function usage() {
  console.error('usage: node tests/contract/check.mjs openapi.yaml LOG');
  process.exit(2);
}

const [specFile, logFile] = process.argv.slice(2);
if (!specFile || !logFile)
  usage();
const doc = YAML.parse(readFileSync(specFile, 'utf8'));
const routing = doc['x-routing-responses'] ?? {};

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addVocabulary([...OPENAPI_KEYWORDS,
  ...Object.keys(doc).filter((k) => k.startsWith('x-'))]);
ajv.addSchema({ ...doc, $id: DOC_ID });

// ---- the document --------------------------------------------------------

const escapeToken = (t) => t.replaceAll('~', '~0').replaceAll('/', '~1');
const pointer = (...tokens) => tokens.map((t) => '/' + escapeToken(t))
  .join('');

function at(ptr) {
  let node = doc;
  for (const raw of ptr.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(token in node))
      throw new Error(`openapi.yaml has nothing at #${ptr}`);
    node = node[token];
  }
  return node;
}

// Follows local $refs from ptr; returns the object and where it lives.
function deref(ptr) {
  let node = at(ptr);
  const seen = new Set();
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (!node.$ref.startsWith('#/') || seen.has(node.$ref))
      throw new Error(`cannot follow $ref ${node.$ref} at #${ptr}`);
    seen.add(node.$ref);
    ptr = node.$ref.slice(1);
    node = at(ptr);
  }
  return { node, ptr };
}

const validators = new Map();
function validator(ptr) {
  if (!validators.has(ptr)) {
    const ref = DOC_ID + '#' + ptr.split('/').map(encodeURIComponent)
      .join('/');
    validators.set(ptr, ajv.compile({ $ref: ref }));
  }
  return validators.get(ptr);
}

function schemaErrors(ptr, value) {
  const validate = validator(ptr);
  if (validate(value))
    return [];
  return validate.errors.slice(0, 5).map((e) =>
    `${e.instancePath || '(root)'} ${e.message}` +
    (e.params && Object.keys(e.params).length ?
      ' ' + JSON.stringify(e.params) : ''));
}

// Path templates as regular expressions, literal paths first.
const routes = Object.keys(doc.paths).map((template) => ({
  template,
  params: (template.match(/\{[^}]+\}/g) ?? []).length,
  re: new RegExp('^' + template.split(/(\{[^}]+\})/).map((part) =>
    part.startsWith('{') ? '[^/]+' :
      part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('') + '$'),
})).sort((a, b) => a.params - b.params);

// ---- one exchange -------------------------------------------------------

// The response objects that may describe x, in the order they are tried,
// and a name for the operation or situation.
function candidates(x) {
  const path = x.path.split('?')[0];
  const route = routes.find((r) => r.re.test(path));
  const any = routing.anyRequest ? [['/x-routing-responses/anyRequest',
    routing.anyRequest]] : [];
  if (!route)
    return { where: 'unknown path',
      sets: [['/x-routing-responses/unknownPath', routing.unknownPath],
        ...any] };
  const item = doc.paths[route.template];
  // Methods are case-sensitive: "get" is not GET, but an unknown method.
  const method = x.method === 'HEAD' && !item.head ? 'get' :
    x.method === x.method.toUpperCase() ? x.method.toLowerCase() : '';
  if (METHODS.includes(method) && item[method]) {
    const ptr = pointer('paths', route.template, method, 'responses');
    return { where: `${method.toUpperCase()} ${route.template}`,
      sets: [[ptr, item[method].responses], ...any] };
  }
  const situation = x.method === 'OPTIONS' ? 'options' : 'undefinedMethod';
  return { where: `${x.method} ${route.template} (${situation})`,
    sets: [[`/x-routing-responses/${situation}`, routing[situation]],
      ...any] };
}

function responseFor(x, sets) {
  const status = String(x.status);
  for (const [ptr, responses] of sets) {
    if (!responses)
      continue;
    for (const key of [status, status[0] + 'XX', 'default']) {
      if (key in responses)
        return deref(ptr + pointer(key));
    }
  }
  return null;
}

function parseHeaders(lines) {
  const headers = new Map();
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ?
      headers.get(name) + ', ' + value : value);
  }
  return headers;
}

function mediaKey(content, type) {
  const keys = Object.keys(content);
  return keys.find((k) => k.toLowerCase() === type) ??
    keys.find((k) => k.toLowerCase() === type.split('/')[0] + '/*') ??
    keys.find((k) => k === '*/*');
}

// The schema of one row of a list response: data.items of its JSON form.
function rowSchema(responsePtr) {
  const json = pointer('content', 'application/json', 'schema');
  try {
    const list = deref(responsePtr + json);
    const items = list.ptr + pointer('properties', 'data', 'items');
    at(items);
    return deref(items);
  } catch {
    return null;
  }
}

// A header's text as the value its schema describes (style "simple"):
// numbers and booleans are parsed; anything else stays text.
function headerValue(schemaPtr, text) {
  const type = [deref(schemaPtr).node.type].flat();
  if ((type.includes('integer') || type.includes('number')) &&
      /^-?\d+(\.\d+)?$/.test(text))
    return Number(text);
  if (type.includes('boolean') && /^(true|false)$/.test(text))
    return text === 'true';
  return text;
}

function checkHeaders(response, ptr, headers, fail) {
  for (const name of Object.keys(response.headers ?? {})) {
    if (name.toLowerCase() === 'content-type')
      continue;
    const h = deref(ptr + pointer('headers', name));
    const value = headers.get(name.toLowerCase());
    if (value === undefined) {
      if (h.node.required)
        fail(`required header ${name} is missing`);
      continue;
    }
    if (h.node.schema) {
      const ptr = h.ptr + '/schema';
      for (const e of schemaErrors(ptr, headerValue(ptr, value)))
        fail(`header ${name}: ${JSON.stringify(value)}: ${e}`);
    }
  }
}

function checkBody(x, ptr, key, type, fail) {
  const schemaPtr = ptr + pointer('content', key, 'schema');
  const hasSchema = 'schema' in at(ptr + pointer('content', key));
  const body = x.body;
  if (/^application\/([a-z0-9.+-]+\+)?json$/.test(type)) {
    let value;
    try {
      value = JSON.parse(body);
    } catch (e) {
      return fail(`body is not JSON (${e.message})`);
    }
    if (hasSchema) {
      for (const e of schemaErrors(schemaPtr, value))
        fail(`body ${e}`);
    }
    return;
  }
  if (hasSchema) {
    for (const e of schemaErrors(schemaPtr, body))
      fail(`body ${e}`);
  }
  if (type === 'application/x-ndjson' || type === 'text/csv') {
    const row = rowSchema(ptr);
    if (!row)
      return fail(`${type} needs an application/json list ` +
        'response to take the row schema from');
    if (type === 'application/x-ndjson')
      checkNdjson(body, row, fail);
    else
      checkCsv(body, row, fail);
  } else if (type === 'application/yaml') {
    try {
      YAML.parse(body);
    } catch (e) {
      fail(`body is not YAML (${e.message.split('\n')[0]})`);
    }
  }
}

function checkNdjson(body, row, fail) {
  if (body !== '' && !body.endsWith('\n'))
    return fail('NDJSON body does not end with a newline');
  body.split('\n').slice(0, -1).forEach((line, i) => {
    let value;
    try {
      value = JSON.parse(line);
    } catch (e) {
      return fail(`NDJSON line ${i + 1} is not JSON (${e.message})`);
    }
    for (const e of schemaErrors(row.ptr, value))
      fail(`NDJSON line ${i + 1}: ${e}`);
  });
}

function checkCsv(body, row, fail) {
  let records;
  try {
    records = parseCsv(body, { record_delimiter: '\r\n' });
  } catch (e) {
    return fail(`CSV does not parse (${e.message})`);
  }
  if (records.length === 0)
    return fail('CSV has no header row');
  const known = Object.keys(row.node.properties ?? {});
  const seen = new Set();
  for (const field of records[0]) {
    if (!known.includes(field))
      fail(`CSV column ${JSON.stringify(field)} is not a field of ` +
        row.ptr.split('/').pop());
    if (seen.has(field))
      fail(`CSV column ${JSON.stringify(field)} appears twice`);
    seen.add(field);
  }
}

// The names of the query parameters an operation ("GET /sources")
// documents, its path's and its own.
function documentedQuery(where) {
  const [method, template] = where.split(' ');
  const item = doc.paths[template];
  const op = item?.[method.toLowerCase()];
  if (!op || template === undefined)
    return null;
  const names = new Set();
  const base = pointer('paths', template);
  for (const [ptr, list] of [[base, item.parameters],
    [base + pointer(method.toLowerCase()), op.parameters]]) {
    (list ?? []).forEach((_, i) => {
      const p = deref(ptr + pointer('parameters', String(i))).node;
      if (p.in === 'query')
        names.add(p.name);
    });
  }
  return names;
}

function check(x) {
  const failures = [];
  const fail = (message) => failures.push(message);
  const { where, sets } = candidates(x);
  const found = responseFor(x, sets);
  if (!found) {
    fail(`status ${x.status} is not documented`);
    return { where, failures };
  }
  // A query the server accepted uses only parameters the operation
  // documents: one it takes but the document leaves out is found here.
  const query = x.path.includes('?') ?
    new URLSearchParams(x.path.slice(x.path.indexOf('?') + 1)) : null;
  const documented = query && (x.status < 300 || x.status === 304) ?
    documentedQuery(where) : null;
  for (const name of documented ? new Set(query.keys()) : []) {
    if (!documented.has(name))
      fail(`query parameter ${name} is accepted but not documented`);
  }
  const { node: response, ptr } = found;
  const headers = parseHeaders(x.response_headers);
  checkHeaders(response, ptr, headers, fail);
  if (x.body_not_utf8)
    fail('body is not valid UTF-8');
  const ctype = headers.get('content-type');
  const content = response.content ?? {};
  if (Object.keys(content).length === 0) {
    if (ctype !== undefined)
      fail(`Content-Type ${ctype} on a response documented without a ` +
        'body');
    if (x.body)
      fail('a body on a response documented without one');
    return { where, failures };
  }
  if (ctype === undefined) {
    fail('no Content-Type; documented: ' + Object.keys(content).join(', '));
    return { where, failures };
  }
  const type = ctype.split(';')[0].trim().toLowerCase();
  const key = mediaKey(content, type);
  if (!key) {
    fail(`Content-Type ${ctype} is not documented (` +
      Object.keys(content).join(', ') + ')');
    return { where, failures };
  }
  if (x.method === 'HEAD') {
    if (x.body)
      fail('a body in the answer to HEAD');
  } else if (!x.body_not_utf8) {
    checkBody(x, ptr, key, type, fail);
  }
  return { where, failures };
}

// ---- the log ------------------------------------------------------------

const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
const distinct = new Map();
const exercised = new Set();
let failed = 0;

lines.forEach((text, i) => {
  let x;
  try {
    x = JSON.parse(text);
  } catch (e) {
    failed++;
    console.log(`line ${i + 1} of ${logFile} is not JSON: ${e.message}`);
    return;
  }
  const { where, failures } = check(x);
  exercised.add(where);
  if (failures.length === 0)
    return;
  failed++;
  const key = `${where} -> ${x.status}: ${failures.join('; ')}`;
  const seen = distinct.get(key);
  if (seen) {
    seen.count++;
    return;
  }
  distinct.set(key, { count: 1, x, where, failures });
});

for (const { count, x, where, failures } of distinct.values()) {
  console.log(`FAIL ${x.method} ${x.path.slice(0, 200)} -> ${x.status} ` +
    `(${where})` + (count > 1 ? ` and ${count - 1} more like it` : ''));
  for (const f of failures)
    console.log(`  ${f}`);
  if (x.body)
    console.log(`  body: ${x.body.slice(0, 300).replaceAll('\n', '\\n')}`);
}

const unexercised = [];
for (const [template, item] of Object.entries(doc.paths)) {
  for (const method of METHODS) {
    if (item[method] && !exercised.has(`${method.toUpperCase()} ${template}`))
      unexercised.push(`${method.toUpperCase()} ${template}`);
  }
}
if (unexercised.length)
  console.log(`contract: operations no test exercised: ` +
    unexercised.join(', '));
if (lines.length === 0) {
  failed++;
  console.log(`contract: ${logFile} records no exchanges`);
}
console.log(`contract: ${lines.length} exchanges checked, ${failed} failures`);
process.exit(failed ? 1 : 0);
