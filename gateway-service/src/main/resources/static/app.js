// Polyphon's page: talks to the /v1 API with the user's key; no libraries, so it works offline.
'use strict';

const GM = ('Acoustic Grand Piano|Bright Acoustic Piano|Electric Grand Piano|Honky-tonk Piano|Electric Piano 1|' +
  'Electric Piano 2|Harpsichord|Clavinet|Celesta|Glockenspiel|Music Box|Vibraphone|Marimba|Xylophone|Tubular Bells|' +
  'Dulcimer|Drawbar Organ|Percussive Organ|Rock Organ|Church Organ|Reed Organ|Accordion|Harmonica|Tango Accordion|' +
  'Acoustic Guitar (nylon)|Acoustic Guitar (steel)|Electric Guitar (jazz)|Electric Guitar (clean)|' +
  'Electric Guitar (muted)|Overdriven Guitar|Distortion Guitar|Guitar Harmonics|Acoustic Bass|Electric Bass (finger)|' +
  'Electric Bass (pick)|Fretless Bass|Slap Bass 1|Slap Bass 2|Synth Bass 1|Synth Bass 2|Violin|Viola|Cello|' +
  'Contrabass|Tremolo Strings|Pizzicato Strings|Orchestral Harp|Timpani|String Ensemble 1|String Ensemble 2|' +
  'Synth Strings 1|Synth Strings 2|Choir Aahs|Voice Oohs|Synth Voice|Orchestra Hit|Trumpet|Trombone|Tuba|' +
  'Muted Trumpet|French Horn|Brass Section|Synth Brass 1|Synth Brass 2|Soprano Sax|Alto Sax|Tenor Sax|Baritone Sax|' +
  'Oboe|English Horn|Bassoon|Clarinet|Piccolo|Flute|Recorder|Pan Flute|Blown Bottle|Shakuhachi|Whistle|Ocarina|' +
  'Lead 1 (square)|Lead 2 (sawtooth)|Lead 3 (calliope)|Lead 4 (chiff)|Lead 5 (charang)|Lead 6 (voice)|' +
  'Lead 7 (fifths)|Lead 8 (bass + lead)|Pad 1 (new age)|Pad 2 (warm)|Pad 3 (polysynth)|Pad 4 (choir)|' +
  'Pad 5 (bowed)|Pad 6 (metallic)|Pad 7 (halo)|Pad 8 (sweep)|FX 1 (rain)|FX 2 (soundtrack)|FX 3 (crystal)|' +
  'FX 4 (atmosphere)|FX 5 (brightness)|FX 6 (goblins)|FX 7 (echoes)|FX 8 (sci-fi)|Sitar|Banjo|Shamisen|Koto|' +
  'Kalimba|Bagpipe|Fiddle|Shanai|Tinkle Bell|Agogo|Steel Drums|Woodblock|Taiko Drum|Melodic Tom|Synth Drum|' +
  'Reverse Cymbal|Guitar Fret Noise|Breath Noise|Seashore|Bird Tweet|Telephone Ring|Helicopter|Applause|Gunshot')
  .split('|');
const LENGTHS = ['thirty_second', 'sixteenth', 'eighth', 'quarter', 'half', 'whole'];
const PAGE_SIZE = 20;

const $ = (id) => document.getElementById(id);
const state = { piece: null, input: null, job: null, page: 0, stream: null };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function say(text, isError = false) {
  const box = $('message');
  box.textContent = text;
  box.className = isError ? 'error' : 'info';
  box.hidden = !text;
}

// Every refusal carries an RFC 9457 body; its code and detail are what a user can act on.
class ApiError extends Error {}

async function api(path, options = {}) {
  const headers = new Headers(options.headers);
  headers.set('Authorization', 'Bearer ' + localStorage.getItem('polyphon.key'));
  let res;
  try {
    res = await fetch('/v1' + path, { ...options, headers });
  } catch (e) {
    throw new ApiError('Cannot reach the server (' + e.message + ')');
  }
  if (res.ok) return res;
  let problem = {};
  try { problem = await res.json(); } catch { /* not a problem body: the status has to do */ }
  throw new ApiError(`${problem.detail || res.statusText || 'Request refused'} ` +
    `(${problem.code || 'http-error'}, HTTP ${res.status})`);
}

// Seeds are 64-bit and JSON numbers lose digits past 2^53, so they travel as strings on this side and are
// written back as bare digits, or a seed copied from the page would not reproduce its job.
const json = async (path, options) =>
  JSON.parse((await (await api(path, options)).text()).replace(/"seed":(-?\d+)/g, '"seed":"$1"'));
const postJson = (path, body) => json(path, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body).replace(/"seed":"(-?\d+)"/, '"seed":$1'),
});

// Wraps a handler so any failed request is shown instead of vanishing into the console.
const guarded = (fn) => async (...args) => {
  try { await fn(...args); } catch (e) { say(e.message, true); }
};

async function download(path, filename) {
  const blob = await (await api(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: filename });
  document.body.append(link); // some browsers ignore clicks on a link outside the document
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** "1,3,5-6" → [1,3,5,6]; throws on anything else so a typo is not silently dropped. */
function parseBars(text) {
  const bars = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) throw new ApiError(`"${part}" is not a bar or a range like 5-8`);
    const from = +m[1], to = m[2] ? +m[2] : from;
    if (to < from) throw new ApiError(`"${part}" runs backwards`);
    for (let b = from; b <= to; b++) if (!bars.includes(b)) bars.push(b);
  }
  return bars;
}

// ---- key ----

function useKey() {
  localStorage.setItem('polyphon.key', $('key').value.trim());
  say('');
  loadPieces().catch((e) => say(e.message, true));
  loadJobs().catch((e) => say(e.message, true));
}

// ---- pieces ----

async function loadPieces(selectId) {
  const page = await json('/pieces?size=100');
  const select = $('pieces');
  select.replaceChildren(el('option', { value: '' }, '—'));
  for (const p of page.items) {
    const s = p.summary;
    select.append(el('option', { value: p.id }, `${p.name} · ${s.bars} bars, ${s.tracks.length} tracks · ` +
      new Date(p.createdAt).toLocaleString()));
  }
  if (selectId) select.value = selectId;
}

function showPiece(piece) {
  state.piece = piece;
  const s = piece.summary;
  const sigs = s.timeSignatures.map((t) => `${t.timeSignature} from bar ${t.fromBar}`).join(', ');
  $('summary-line').textContent = `${piece.name}: ${s.bars} bars, ${Math.round(s.tempoBpm)} BPM, ${sigs}`;
  $('summary-tracks').replaceChildren(...s.tracks.map((t) => el('tr', {},
    el('td', {}, String(t.number)), el('td', {}, t.instrument + (t.drum ? ' (drums)' : '')),
    el('td', {}, String(t.notes)), el('td', {}, `${t.minPolyphony}–${t.maxPolyphony}`),
    el('td', {}, `${t.minDuration}–${t.maxDuration}`), el('td', {}, String(t.density)))));
  $('summary').hidden = false;
}

function pieceLabels(piece) {
  return piece.summary.tracks.map((t) => t.instrument);
}

const newTrackLabel = (t) => t.instrument || (t.drum ? 'Drums' : GM[t.program] || 'added track');

function setInputPiece(piece) {
  showPiece(piece);
  state.input = { pieceId: piece.id };
  $('input-line').textContent = `input: piece ${piece.name}`;
  renderTracks(pieceLabels(piece), piece.summary.tracks);
}

async function selectPiece(id) {
  if (!id) return;
  setInputPiece(await json('/pieces/' + encodeURIComponent(id)));
}

async function upload(event) {
  event.preventDefault();
  const file = $('file').files[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file);
  const piece = await json('/pieces', { method: 'POST', body: form });
  await loadPieces(piece.id);
  setInputPiece(piece);
  say(`Uploaded ${piece.name}.`);
}

// ---- request form ----

function controlsFields(measured = {}) {
  const num = (name, label, min, max, now) => el('label', {}, label + ' ',
    el('input', { type: 'number', min, max, 'data-control': name, placeholder: now == null ? 'any' : `any (now ${now})` }));
  const len = (name, label) => el('label', {}, label + ' ',
    el('select', { 'data-control': name }, el('option', { value: '' }, 'any'),
      ...LENGTHS.map((l) => el('option', { value: l }, l.replace('_', ' ')))));
  return el('details', {}, el('summary', {}, 'Controls'), el('div', { class: 'row' },
    num('density', 'Density', 1, 10, measured.density),
    num('minPolyphony', 'Min polyphony', 1, 10, measured.minPolyphony),
    num('maxPolyphony', 'Max polyphony', 1, 10, measured.maxPolyphony),
    len('minDuration', 'Min duration'), len('maxDuration', 'Max duration'),
    num('polyphonyLimit', 'Polyphony limit', 0, 128)));
}

function readControls(box) {
  const controls = {};
  for (const input of box.querySelectorAll('[data-control]')) {
    if (input.value === '') continue;
    controls[input.dataset.control] = input.type === 'number' ? Number(input.value) : input.value;
  }
  return Object.keys(controls).length ? controls : undefined;
}

const temperatureField = () => el('label', {}, 'Temperature ',
  el('input', { type: 'number', min: 0.5, max: 2, step: 0.05, 'data-temperature': '', placeholder: 'job’s' }));

function readTemperature(box) {
  const value = box.querySelector('[data-temperature]').value;
  return value === '' ? undefined : Number(value);
}

function renderTracks(labels, measured = []) {
  $('tracks').replaceChildren(...labels.map((label, i) => {
    const bars = el('input', { type: 'text', 'data-bars': '', placeholder: 'e.g. 5-8 or 1,3,5-6', disabled: true });
    const action = el('select', { 'data-action': '', onchange: () => { bars.disabled = action.value !== 'infill'; } },
      ...['keep', 'regenerate', 'infill', 'ignore'].map((a) => el('option', { value: a }, a)));
    return el('fieldset', { class: 'track', 'data-track': i + 1 }, el('legend', {}, `Track ${i + 1} · ${label}`),
      el('div', { class: 'row' }, el('label', {}, 'Action ', action), el('label', {}, 'Bars ', bars),
        temperatureField()), controlsFields(measured[i]));
  }));
  $('new-tracks').replaceChildren();
}

function addTrack() {
  const box = el('fieldset', { class: 'track new' }, el('legend', {}, 'New track'),
    el('div', { class: 'row' },
      el('label', {}, 'Instrument ', el('input', { list: 'instruments', 'data-instrument': '', required: true,
        placeholder: 'e.g. Violin, or drums' })),
      temperatureField(),
      el('button', { type: 'button', onclick: () => box.remove() }, 'Remove')),
    controlsFields());
  $('new-tracks').append(box);
  box.querySelector('input').focus();
}

function buildRequest() {
  if (!state.input) throw new ApiError('Upload or pick a piece first');
  const body = { ...state.input, count: Number($('count').value) };
  if ($('temperature').value !== '') body.temperature = Number($('temperature').value);
  const seed = $('seed').value.trim();
  if (seed !== '' && !/^-?\d+$/.test(seed)) throw new ApiError('The seed is a whole number, or empty for a random one');
  if (seed !== '') body.seed = seed;
  body.tracks = [...$('tracks').children].map((box) => {
    const action = box.querySelector('[data-action]').value;
    if (action === 'keep') return null;
    const track = { track: Number(box.dataset.track), action };
    if (action === 'infill') track.bars = parseBars(box.querySelector('[data-bars]').value);
    track.controls = readControls(box);
    track.temperature = readTemperature(box);
    return track;
  }).filter(Boolean);
  body.newTracks = [...$('new-tracks').children].map((box) => {
    const name = box.querySelector('[data-instrument]').value.trim();
    const track = /^drums?$/i.test(name) ? { drum: true } : { instrument: name };
    track.controls = readControls(box);
    track.temperature = readTemperature(box);
    return track;
  });
  return body;
}

async function submit(event) {
  event.preventDefault();
  const button = $('submit');
  button.disabled = true; // a double click would otherwise start two jobs
  try {
    const job = await postJson('/jobs', buildRequest());
    say(`Job ${job.id} queued.`);
    openJob(job);
    loadJobs().catch(() => {});
  } finally {
    button.disabled = false;
  }
}

// ---- job progress ----

function formatEta(seconds) {
  if (seconds == null) return '';
  const m = Math.floor(seconds / 60), s = seconds % 60;
  return ` · about ${m ? m + ' min ' : ''}${s} s left`;
}

function showProgress(done, total, eta) {
  $('progress').max = Math.max(total, 1);
  $('progress').value = done;
  $('progress-text').textContent = `${done} / ${total}${formatEta(eta)}`;
}

function openJob(job) {
  if (state.stream) state.stream.abort();
  state.job = job;
  state.page = 0;
  $('job').hidden = false;
  $('job-line').textContent = `Job ${job.id} · ${job.total} samples · seed ${job.seed}` +
    (job.parentSampleId ? ` · varies sample ${job.parentSampleId}` : '');
  $('outcome').textContent = job.state.toLowerCase();
  $('cancel').disabled = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.state);
  showProgress(job.done, job.total, null);
  loadSamples().catch((e) => say(e.message, true));
  follow(job.id);
}

function onEvent(name, data) {
  const event = JSON.parse(data);
  if (name === 'accepted') $('outcome').textContent = 'running';
  if (name === 'progress') {
    showProgress(event.done, event.total, event.etaSeconds);
    refreshSoon();
  }
  if (name === 'completed') $('outcome').textContent = `completed: ${event.total} samples`;
  if (name === 'failed') {
    $('outcome').textContent = `failed: ${event.reason} (${event.code}${event.retryable ? ', may succeed if retried' : ''})`;
  }
  if (name === 'cancelled') $('outcome').textContent = `cancelled after ${event.done} samples`;
  const finished = ['completed', 'failed', 'cancelled'].includes(name);
  if (finished) {
    $('cancel').disabled = true;
    $('progress-text').textContent = $('progress-text').textContent.replace(/ · about.*/, '');
    loadSamples().catch((e) => say(e.message, true));
    loadJobs().catch(() => {});
  }
  return finished;
}

// EventSource cannot send an Authorization header, so the stream is read with fetch and parsed here.
async function follow(jobId) {
  const control = new AbortController();
  state.stream = control;
  let lastId = null, failures = 0;
  while (!control.signal.aborted) {
    try {
      const headers = { Accept: 'text/event-stream' };
      if (lastId !== null) headers['Last-Event-ID'] = lastId;
      const res = await api(`/jobs/${jobId}/events`, { headers, signal: control.signal });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '', name = 'message', data = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop(); // an unfinished line waits for the next chunk
        for (const line of lines) {
          if (line === '') {
            if (data.length && onEvent(name, data.join('\n'))) return;
            name = 'message'; data = [];
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? '' : line.slice(colon + 1);
          if (value.startsWith(' ')) value = value.slice(1); // Spring writes "data:" with no space; others add one
          if (field === 'event') name = value;
          else if (field === 'data') data.push(value);
          else if (field === 'id') lastId = value;
        }
      }
      failures = 0; // the server closed an idle stream (its timeout); pick up where it left off
    } catch (e) {
      if (control.signal.aborted) return;
      if (e instanceof ApiError && /HTTP 4/.test(e.message)) { say(e.message, true); return; }
      if (++failures > 5) { say('Lost the job’s event stream: ' + e.message, true); return; }
    }
    await new Promise((r) => setTimeout(r, 1000 * Math.max(failures, 1)));
  }
}

let refreshTimer = null;
// Progress can arrive many times a second; the sample list only needs to catch up now and then.
function refreshSoon() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    loadSamples().catch(() => {});
  }, 2000);
}

async function cancelJob() {
  const job = await json(`/jobs/${state.job.id}/cancel`, { method: 'POST' });
  say(`Cancel asked for job ${job.id}.`);
}

// ---- samples ----

async function loadSamples() {
  const job = state.job;
  const sort = $('sort').value;
  const page = await json(`/jobs/${job.id}/samples?page=${state.page}&size=${PAGE_SIZE}&sort=${sort}`);
  if (state.job !== job) return; // another job was opened while this page loaded
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  $('page-text').textContent = `page ${state.page + 1} of ${pages} · ${page.total} samples`;
  $('prev').disabled = state.page === 0;
  $('next').disabled = state.page + 1 >= pages;
  $('zip').disabled = page.total === 0;
  $('samples').replaceChildren(...page.items.map((s) => el('tr', {},
    el('td', {}, String(s.index)), el('td', {}, String(s.notes)), el('td', {}, String(s.bars)),
    el('td', {}, String(s.tracks)),
    // how natural the model found the sample (geometric-mean token probability): a place to start listening
    el('td', {}, s.score == null ? '–' : s.score.toFixed(3)),
    el('td', {},
      el('button', { type: 'button', 'aria-label': `Download sample ${s.index}`,
        onclick: guarded(() => download(`/jobs/${s.jobId}/samples/${s.index}/midi`, `${s.jobId}-${s.index}.mid`)) },
      'Download'), ' ',
      el('button', { type: 'button', 'aria-label': `Vary sample ${s.index}`, onclick: guarded(() => varySample(s)) },
        'Vary this')))));
}

function turnPage(delta) {
  state.page = Math.max(0, state.page + delta);
  loadSamples().catch((e) => say(e.message, true));
}

// A sample's tracks are its input's tracks plus the ones its job added, so the labels follow the lineage.
async function trackLabels(job) {
  const base = job.parentSampleId
    ? await trackLabels(await json('/jobs/' + job.parentSampleId.split(':')[0]))
    : pieceLabels(await json('/pieces/' + job.pieceId));
  return base.concat((job.request.newTracks || []).map(newTrackLabel));
}

async function varySample(sample) {
  const job = state.job.id === sample.jobId ? state.job : await json('/jobs/' + sample.jobId);
  if (!state.piece || state.piece.id !== sample.pieceId) showPiece(await json('/pieces/' + sample.pieceId));
  const labels = await trackLabels(job);
  renderTracks(Array.from({ length: sample.tracks }, (_, i) => labels[i] || 'track'));
  state.input = { sampleId: sample.id };
  $('input-line').textContent = `input: sample ${sample.index} of job ${sample.jobId}`;
  say(`Next job varies sample ${sample.index}.`);
  $('request-h').scrollIntoView({ behavior: 'smooth' });
}

// ---- recent jobs ----

async function loadJobs() {
  const page = await json('/jobs?size=20');
  $('jobs').replaceChildren(...page.items.map((j) => el('li', {},
    el('button', { type: 'button', onclick: guarded(async () => openJob(await json('/jobs/' + j.id))) }, 'Open'),
    ` ${new Date(j.createdAt).toLocaleString()} · ${j.state.toLowerCase()} · ${j.done}/${j.total} · `,
    el('code', {}, j.id))));
  if (!page.items.length) $('jobs').append(el('li', {}, 'No jobs yet.'));
}

// ---- wiring ----

$('instruments').append(el('option', { value: 'drums' }), ...GM.map((name) => el('option', { value: name })));
$('key').value = localStorage.getItem('polyphon.key') || '';
$('key-save').addEventListener('click', useKey);
$('key').addEventListener('keydown', (e) => { if (e.key === 'Enter') useKey(); });
$('upload').addEventListener('submit', guarded(upload));
$('pieces').addEventListener('change', guarded((e) => selectPiece(e.target.value)));
$('pieces-refresh').addEventListener('click', guarded(() => loadPieces($('pieces').value)));
$('add-track').addEventListener('click', addTrack);
$('request').addEventListener('submit', guarded(submit));
$('cancel').addEventListener('click', guarded(cancelJob));
$('prev').addEventListener('click', () => turnPage(-1));
$('next').addEventListener('click', () => turnPage(1));
$('sort').addEventListener('change', () => { if (state.job) turnPage(-state.page); }); // a new order starts at page 1
$('zip').addEventListener('click', guarded(() => download(`/jobs/${state.job.id}/samples.zip`, `${state.job.id}.zip`)));
$('jobs-refresh').addEventListener('click', guarded(loadJobs));
if ($('key').value) useKey();
