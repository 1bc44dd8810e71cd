// The studio page: pieces, the roll with its marks, the per-track and job controls, a job's progress, and the
// samples to audition. It uses only the public /v1 API, so an API client can do everything it does.

import { ApiError, api, apiKey, download, followEvents, json, sendJson } from './api.js';
import { el } from './dom.js';
import { GM, instrumentName, trackColour } from './gm.js';
import { Player } from './player.js';
import { Roll } from './roll.js';

const PAGE_SIZE = 20;
const LENGTHS = ['thirty_second', 'sixteenth', 'eighth', 'quarter', 'half', 'whole'];
const FIELD_ERRORS = { 'count-out-of-range': 'count-error', 'temperature-out-of-range': 'temperature-error' };

const $ = (id) => document.getElementById(id);
const player = new Player();
const roll = new Roll($('roll'), {
  changed: () => { syncTrackPanel(); describeRequest(); },
  focus: (i) => focusTrack(i),
  drop: (i) => guard('drop-error', dropTrack)(i),
  mixChanged: () => guard('drop-error', remix)(),
});

const state = {
  input: null,   // { kind: 'piece', piece } or { kind: 'sample', sample, job }
  notes: null,   // the input's notes (the API's notes form)
  tracks: [],    // one model per lane: { label, program, drum, isNew, action, bars, controls, temperature, muted, solo, measured }
  focused: null, // the lane whose controls the panel shows
  job: null, stream: null, page: 0, selected: null,
};

// ---- showing what went wrong, next to what caused it ----

let toastTimer;
function toast(text, isError = false) {
  const box = $('toast');
  box.textContent = text;
  box.className = isError ? 'error' : 'info';
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, isError ? 9000 : 4000);
}

function showError(where, error) {
  if (error instanceof ApiError && error.status === 401) askKey(error.message);
  const box = $(FIELD_ERRORS[error.code] || where);
  box.textContent = error.message;
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  toast(error.message, true);
}

function clearErrors(...ids) {
  for (const id of ids) { $(id).hidden = true; $(id).textContent = ''; }
}

/** Wraps a handler so a failure is shown at `where` instead of vanishing into the console. */
const guard = (where, fn) => async (...args) => {
  try { await fn(...args); } catch (e) { console.error(e); showError(where, e); }
};

// ---- the key: asked once, remembered ----

function askKey(reason) {
  $('key').value = apiKey.get();
  $('key-error').hidden = !reason;
  $('key-error').textContent = reason || '';
  if (!$('key-dialog').open) $('key-dialog').showModal();
}

async function useKey(event) {
  event.preventDefault();
  apiKey.set($('key').value);
  try {
    await api('/pieces?size=1');
  } catch (e) {
    $('key-error').textContent = e.message;
    $('key-error').hidden = false;
    return;
  }
  $('key-dialog').close();
  await start();
}

// ---- pieces ----

async function loadPieces(selectId) {
  const page = await json('/pieces?size=100');
  const select = $('pieces');
  select.replaceChildren(el('option', { value: '' }, '— pick a piece —'), ...page.items.map((p) => {
    const s = p.summary;
    // two uploads of one file differ in time and id; an edit says what it came from
    const made = new Date(p.createdAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });
    return el('option', { value: p.id }, `${p.name}${p.parentPieceId ? ' (edited)' : ''} · ${s.tracks.length} tracks, ` +
      `${s.bars} bars · ${made} · #${p.id.slice(-6)}`);
  }));
  select.value = selectId || (state.input?.kind === 'piece' ? state.input.piece.id : '');
}

async function openPiece(id) {
  if (!id) return;
  const started = performance.now();
  const [piece, notes] = await Promise.all([json('/pieces/' + id), json(`/pieces/${id}/notes`)]);
  const measured = piece.summary.tracks;
  setInput({ kind: 'piece', piece }, notes, notes.tracks.map((t, i) => lane(t, measured[i])));
  $('pieces').value = id;
  requestAnimationFrame(() => {
    const ms = Math.round(performance.now() - started);
    document.body.dataset.firstDrawMs = ms;
    console.info(`piece ${id} drawn in ${ms} ms`);
  });
}

const lane = (track, measured) => ({
  label: instrumentName(track.program, track.drum), program: track.program, drum: track.drum, isNew: false,
  action: 'keep', bars: new Set(), controls: {}, temperature: null, muted: false, solo: false, measured,
});

async function upload() {
  const file = $('file').files[0];
  if (!file) return;
  clearErrors('pieces-error');
  const form = new FormData();
  form.append('file', file);
  try {
    const piece = await json('/pieces', { method: 'POST', body: form });
    await loadPieces(piece.id);
    await openPiece(piece.id);
    toast(`Uploaded ${piece.name}.`);
  } finally {
    $('file').value = ''; // the same file again is a new upload
  }
}

function openRename() {
  if (state.input?.kind !== 'piece') return;
  $('new-name').value = state.input.piece.name;
  clearErrors('rename-error');
  $('rename-dialog').showModal();
}

async function rename(event) {
  event.preventDefault();
  const piece = await sendJson('PATCH', '/pieces/' + state.input.piece.id, { name: $('new-name').value });
  state.input.piece = piece;
  $('rename-dialog').close();
  await loadPieces(piece.id);
  await showLineage();
  toast(`Renamed to ${piece.name}.`);
}

async function deletePiece() {
  const piece = state.input?.piece;
  if (!piece || !confirm(`Delete ${piece.name}? Its jobs and samples stay.`)) return;
  await api('/pieces/' + piece.id, { method: 'DELETE' });
  clearInput();
  await loadPieces();
  toast(`Deleted ${piece.name}.`);
}

// ---- the input: a piece, or a sample fed back in ----

function setInput(input, notes, tracks) {
  state.input = input;
  state.notes = notes;
  state.tracks = tracks;
  state.focused = null;
  player.stop();
  $('roll').hidden = false;
  roll.show(notes, tracks, input.kind === 'piece');
  $('track-panel').hidden = true;
  for (const id of ['play-input', 'add-track', 'generate']) $(id).disabled = false;
  $('rename').disabled = $('delete').disabled = input.kind !== 'piece';
  clearErrors('generate-error', 'drop-error', 'add-error');
  describeRequest();
  showLineage().catch((e) => showError('drop-error', e));
}

function clearInput() {
  state.input = null;
  state.notes = null;
  player.stop();
  $('roll').hidden = true;
  $('track-panel').hidden = true;
  for (const id of ['play-input', 'add-track', 'generate', 'rename', 'delete']) $(id).disabled = true;
  $('lineage').textContent = 'No piece yet: upload a MIDI file or pick one of yours.';
}

async function useSample(sample) {
  const [job, notes] = await Promise.all([json('/jobs/' + sample.jobId), json(`/jobs/${sample.jobId}/samples/${sample.index}/notes`)]);
  setInput({ kind: 'sample', sample, job }, notes, notes.tracks.map((t) => lane(t)));
  $('pieces').value = '';
  window.scrollTo({ top: 0, behavior: 'smooth' });
  toast(`The next job varies sample #${sample.index + 1}.`);
}

/** Where the input came from, up to the uploaded piece; each step up the tree can become the input again. */
async function showLineage() {
  const crumbs = [];
  let input = state.input;
  for (let depth = 0; input && depth < 20; depth++) {
    const here = input;
    if (here.kind === 'piece') {
      crumbs.unshift({ label: here.piece.name + (here.piece.parentPieceId ? ' (edited)' : ''), open: () => openPiece(here.piece.id) });
      break;
    }
    const { sample, job } = here;
    crumbs.unshift({ label: `sample #${sample.index + 1} of job ${sample.jobId.slice(-6)}`, open: () => useSample(sample) });
    if (job.parentSampleId) {
      const [parentJobId, index] = job.parentSampleId.split(':');
      const [parent, parentJob] = await Promise.all([json(`/jobs/${parentJobId}/samples/${index}`), json('/jobs/' + parentJobId)]);
      input = { kind: 'sample', sample: parent, job: parentJob };
    } else {
      input = { kind: 'piece', piece: await json('/pieces/' + job.pieceId).catch(() => ({ id: job.pieceId, name: 'a deleted piece' })) };
    }
  }
  const line = $('lineage');
  line.replaceChildren(el('span', { class: 'label' }, 'Input: '));
  crumbs.forEach((c, i) => {
    if (i) line.append(el('span', { class: 'sep' }, ' › '));
    line.append(i === crumbs.length - 1 ? el('strong', { class: 'crumb current' }, c.label)
      : el('button', { type: 'button', class: 'crumb', title: 'Use this as the input again',
        onclick: guard('drop-error', c.open) }, c.label));
  });
}

// ---- tracks: drop, add, controls ----

async function dropTrack(i) {
  const t = state.tracks[i];
  if (t.isNew) {
    state.tracks.splice(i, 1);
    roll.show(state.notes, state.tracks, state.input.kind === 'piece');
    describeRequest();
    return;
  }
  if (!confirm(`Drop track ${i + 1} (${t.label})? This makes a new piece; the current one stays.`)) return;
  clearErrors('drop-error');
  const edited = await sendJson('POST', `/pieces/${state.input.piece.id}/edits`, { dropTracks: [i + 1] });
  await loadPieces(edited.id);
  await openPiece(edited.id);
  toast(`New piece without ${t.label}.`);
}

function addTrack() {
  clearErrors('add-error');
  const drum = $('new-drum').checked;
  const name = $('new-instrument').value.trim();
  const program = drum ? 0 : GM.findIndex((g) => g.toLowerCase() === name.toLowerCase());
  if (program < 0) {
    showError('add-error', new ApiError(name ? `“${name}” is not a General MIDI instrument: pick one from the list`
      : 'Choose an instrument (or tick drums) to add a track', 'unknown-instrument'));
    return;
  }
  state.tracks.push({ label: drum ? 'Drums' : GM[program], program, drum, isNew: true, action: 'generate',
    bars: new Set(), controls: {}, temperature: null, muted: false, solo: false });
  roll.show(state.notes, state.tracks, state.input.kind === 'piece');
  $('new-instrument').value = '';
  $('new-drum').checked = false;
  focusTrack(state.tracks.length - 1);
  describeRequest();
}

function fillSelect(select, values, labels = values) {
  select.replaceChildren(el('option', { value: '' }, 'any'), ...values.map((v, i) => el('option', { value: v }, String(labels[i]))));
}

function focusTrack(i) {
  state.focused = i;
  const t = state.tracks[i];
  $('track-panel').hidden = false;
  $('track-title').textContent = `Track ${i + 1} · ${t.label}`;
  $('track-help').textContent = t.isNew ? 'An added track: the job writes all of its bars.'
    : 'Controls apply to the bars this track regenerates or infills.';
  $('bars').disabled = t.isNew;
  for (const input of document.querySelectorAll('#track-panel [data-control]')) input.value = t.controls[input.dataset.control] ?? '';
  $('track-temperature').value = t.temperature ?? '';
  const m = t.measured;
  document.querySelector('[data-measured="density"]').textContent = m ? `This track now: ${m.density}.` : '';
  document.querySelector('[data-measured="polyphony"]').textContent = m ? `Now ${m.minPolyphony} to ${m.maxPolyphony}.` : '';
  document.querySelector('[data-measured="duration"]').textContent = m ? `Now ${m.minDuration} to ${m.maxDuration}.` : '';
  clearErrors('bars-error');
  syncTrackPanel();
  $('track-panel').scrollIntoView({ block: 'nearest' });
}

function syncTrackPanel() {
  const t = state.tracks[state.focused];
  if (!t || document.activeElement === $('bars')) return;
  $('bars').value = t.action === 'infill' ? barsText([...t.bars]) : '';
}

function controlChanged(input) {
  const t = state.tracks[state.focused];
  if (!t) return;
  const name = input.dataset.control;
  if (input.value === '') delete t.controls[name];
  else t.controls[name] = input.type === 'number' || name.endsWith('Polyphony') || name === 'density' ? Number(input.value) : input.value;
  describeRequest();
}

function typedBars() {
  const t = state.tracks[state.focused];
  clearErrors('bars-error');
  try {
    const bars = parseBars($('bars').value, state.notes.timeSignatures.length);
    t.bars = new Set(bars);
    t.action = bars.length ? 'infill' : 'keep';
    roll.changed();
  } catch (e) {
    showError('bars-error', e);
  }
}

/** "1,3,5-6" → [1,3,5,6]; refuses anything else, so a typo is not silently dropped. */
function parseBars(text, barCount) {
  const bars = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) throw new ApiError(`“${part}” is not a bar or a range like 5-8`, 'bar-out-of-range');
    const from = +m[1], to = m[2] ? +m[2] : from;
    if (to < from) throw new ApiError(`“${part}” runs backwards`, 'bar-out-of-range');
    if (from < 1 || to > barCount) throw new ApiError(`the piece has bars 1 to ${barCount}, not ${part}`, 'bar-out-of-range');
    for (let b = from; b <= to; b++) if (!bars.includes(b)) bars.push(b);
  }
  return bars;
}

/** [1,2,3,5] → "1-3, 5". */
function barsText(bars) {
  bars.sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < bars.length; i++) {
    let j = i;
    while (j + 1 < bars.length && bars[j + 1] === bars[j] + 1) j++;
    parts.push(i === j ? String(bars[i]) : `${bars[i]}-${bars[j]}`);
    i = j;
  }
  return parts.join(', ');
}

// ---- the request ----

function describeRequest() {
  const parts = state.tracks.map((t, i) => {
    if (t.isNew) return `add ${t.label}`;
    if (t.action === 'infill') return `infill track ${i + 1} bars ${barsText([...t.bars])}`;
    if (t.action === 'regenerate') return `regenerate track ${i + 1}`;
    if (t.action === 'ignore') return `ignore track ${i + 1}`;
    return null;
  }).filter(Boolean);
  $('request-line').textContent = parts.length ? 'The job will ' + parts.join('; ') + '.' : 'Mark bars or tracks on the roll first.';
}

function buildRequest() {
  clearErrors('count-error', 'temperature-error', 'seed-error', 'generate-error');
  const count = Number($('count').value);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new ApiError('Variations must be a whole number from 1 to 1000', 'count-out-of-range');
  }
  const temperature = Number($('temperature').value);
  if (!(temperature >= 0.5 && temperature <= 2)) throw new ApiError('Temperature is from 0.5 to 2', 'temperature-out-of-range');
  const seed = $('seed').value.trim();
  if (seed !== '' && !/^-?\d+$/.test(seed)) {
    $('seed-error').textContent = 'The seed is a whole number, or empty for a random one';
    $('seed-error').hidden = false;
    throw new ApiError('The seed is a whole number, or empty for a random one', 'invalid-seed');
  }
  const input = state.input.kind === 'piece' ? { pieceId: state.input.piece.id } : { sampleId: state.input.sample.id };
  const body = { ...input, count, temperature, tracks: [], newTracks: [] };
  if (seed !== '') body.seed = seed;
  state.tracks.forEach((t, i) => {
    const extra = { controls: Object.keys(t.controls).length ? t.controls : undefined, temperature: t.temperature ?? undefined };
    if (t.isNew) body.newTracks.push(t.drum ? { drum: true, ...extra } : { program: t.program, ...extra });
    else if (t.action !== 'keep') body.tracks.push({ track: i + 1, action: t.action, bars: t.action === 'infill' ? [...t.bars].sort((a, b) => a - b) : undefined, ...extra });
  });
  if (!body.tracks.some((t) => t.action !== 'ignore') && !body.newTracks.length) {
    throw new ApiError('Nothing to generate yet: mark bars on the roll, regenerate a track, or add one', 'nothing-marked');
  }
  return body;
}

async function generate() {
  const button = $('generate');
  button.disabled = true; // a double click would otherwise start two jobs
  try {
    const job = await sendJson('POST', '/jobs', buildRequest());
    toast(`Job ${job.id.slice(-6)} queued: ${job.total} samples.`);
    await openJob(job);
    loadJobs().catch(() => {});
  } finally {
    button.disabled = false;
  }
}

// ---- a job's progress ----

function formatEta(seconds) {
  if (seconds == null) return '';
  const m = Math.floor(seconds / 60), s = Math.round(seconds % 60);
  return ` · about ${m ? m + ' min ' : ''}${s} s left`;
}

function showProgress(done, total, work, eta) {
  $('progress').max = 1;
  // `work` counts the steps of samples still being written, so a long song's bar moves before any sample is stored
  $('progress').value = Math.max(work ?? 0, total ? done / total : 0);
  $('progress-text').textContent = `${done} of ${total}${formatEta(eta)}`;
}

async function openJob(job) {
  if (state.stream) state.stream.abort();
  state.job = job;
  state.page = 0;
  state.selected = null;
  $('job').hidden = false;
  $('job-line').textContent = `Job ${job.id.slice(-6)} · ${job.total} samples · seed ${job.seed}` +
    (job.parentSampleId ? ` · varies sample ${job.parentSampleId}` : '');
  $('outcome').textContent = job.state.toLowerCase();
  $('cancel').disabled = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.state);
  showProgress(job.done, job.total, null, null);
  $('jobs').value = job.id;
  await loadSamples();
  const control = new AbortController();
  state.stream = control;
  followEvents(job.id, onEvent, control.signal).catch((e) => showError('generate-error', e));
}

function onEvent(name, event) {
  if (name === 'accepted') $('outcome').textContent = 'running';
  if (name === 'progress') {
    showProgress(event.done, event.total, event.work, event.etaSeconds);
    refreshSoon();
  }
  if (name === 'completed') { $('outcome').textContent = `completed: ${event.total} samples`; showProgress(event.total, event.total, 1, null); }
  if (name === 'failed') {
    $('outcome').textContent = `failed: ${event.reason} (${event.code}${event.retryable ? ', may succeed if retried' : ''})`;
  }
  if (name === 'cancelled') $('outcome').textContent = `cancelled after ${event.done} samples`;
  const finished = ['completed', 'failed', 'cancelled'].includes(name);
  if (finished) {
    $('cancel').disabled = true;
    loadSamples().catch((e) => showError('samples-error', e));
    loadJobs().catch(() => {});
  }
  return finished;
}

let refreshTimer = null;
// Progress can arrive many times a second; the sample list only needs to catch up now and then.
function refreshSoon() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => { refreshTimer = null; loadSamples().catch(() => {}); }, 2000);
}

async function cancelJob() {
  const job = await json(`/jobs/${state.job.id}/cancel`, { method: 'POST' });
  toast(`Cancel asked for job ${job.id.slice(-6)}.`);
}

async function loadJobs() {
  const page = await json('/jobs?size=20');
  $('jobs').replaceChildren(el('option', { value: '' }, '—'), ...page.items.map((j) => el('option', { value: j.id },
    `${new Date(j.createdAt).toLocaleTimeString()} · ${j.state.toLowerCase()} · ${j.done}/${j.total} · #${j.id.slice(-6)}`)));
  $('jobs').value = state.job?.id || '';
}

// ---- samples: listen, compare, keep ----

async function loadSamples() {
  const job = state.job;
  const page = await json(`/jobs/${job.id}/samples?page=${state.page}&size=${PAGE_SIZE}&sort=${$('sort').value}`);
  if (state.job !== job) return; // another job was opened while this page loaded
  clearErrors('samples-error');
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  $('page-text').textContent = `page ${state.page + 1} of ${pages} · ${page.total} samples`;
  $('prev').disabled = state.page === 0;
  $('next').disabled = state.page + 1 >= pages;
  $('zip').disabled = page.total === 0;
  const list = $('samples');
  const shown = new Map([...list.children].map((row) => [row.dataset.sampleId, row]));
  list.replaceChildren(...page.items.map((s) => shown.get(s.id) || sampleRow(s, job)));
  if (!state.selected && page.items.length) select(page.items[0].id);
  updateButtons();
}

function sampleRow(s, job) {
  const mini = el('canvas', { class: 'mini', width: 220, height: 44, 'aria-label': 'The regenerated bars' });
  const row = el('li', { class: 'sample', 'data-sample-id': s.id, tabindex: 0, onclick: () => select(s.id) },
    el('span', { class: 'number' }, `#${s.index + 1}`),
    mini,
    el('span', { class: 'score', title: 'How natural the model found it (geometric-mean token probability)' },
      s.score == null ? '–' : s.score.toFixed(3)),
    el('span', { class: 'actions' },
      el('button', { type: 'button', class: 'play', 'aria-label': `Play sample ${s.index + 1}`,
        onclick: guard('samples-error', () => togglePlay(s, job)) }, '▶'),
      el('button', { type: 'button', class: 'ab', title: 'Switch between this sample (B) and the input (A) at the same moment',
        onclick: guard('samples-error', () => abSwitch(s, job)) }, 'A/B'),
      el('button', { type: 'button', class: 'midi', title: 'Download this sample as MIDI',
        onclick: guard('samples-error', () => download(`/jobs/${s.jobId}/samples/${s.index}/midi`, `${s.jobId}-${s.index + 1}.mid`)) }, 'MIDI'),
      el('button', { type: 'button', class: 'use', title: 'Vary this sample next',
        onclick: guard('samples-error', () => useSample(s)) }, 'Use as input')),
    el('span', { class: 'lineage-note' }, job.parentSampleId ? `from ${job.parentSampleId}` : ''));
  row.sample = s;
  row.job = job;
  json(`/jobs/${s.jobId}/samples/${s.index}/notes`).then((notes) => drawMini(mini, notes, job))
    .catch(() => { mini.title = 'notes unavailable'; });
  return row;
}

/** The cells the job generated (infilled bars, regenerated and added tracks), one row per track. */
function drawMini(canvas, notes, job) {
  const request = job.request || {};
  const added = (request.newTracks || []).length;
  const targets = [];
  for (const t of request.tracks || []) {
    if (t.action === 'INFILL' || t.action === 'infill') targets.push({ track: t.track - 1, bars: t.bars });
    if (t.action === 'REGENERATE' || t.action === 'regenerate') targets.push({ track: t.track - 1, bars: null });
  }
  for (let k = 0; k < added; k++) targets.push({ track: notes.tracks.length - added + k, bars: null });
  if (!targets.length) return;
  const all = notes.timeSignatures.map((_, b) => b + 1);
  const first = Math.min(...targets.flatMap((t) => t.bars || all)), last = Math.max(...targets.flatMap((t) => t.bars || all));
  const starts = [0];
  for (const ts of notes.timeSignatures) starts.push(starts.at(-1) + (48 * ts.numerator) / ts.denominator);
  const span = starts[last] - starts[first - 1];
  const ctx = canvas.getContext('2d');
  const rowH = canvas.height / targets.length;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  targets.forEach((target, r) => {
    const track = notes.tracks[target.track];
    if (!track) return;
    ctx.fillStyle = trackColour(track.program, track.drum);
    for (const bar of target.bars || all) {
      for (const n of track.bars[bar - 1]?.notes || []) {
        const x = ((starts[bar - 1] - starts[first - 1] + n.onset) / span) * canvas.width;
        const w = Math.max(1, ((track.drum ? 2 : n.duration) / span) * canvas.width);
        ctx.fillRect(x, r * rowH + (1 - n.pitch / 127) * (rowH - 2), w, 2);
      }
    }
  });
}

function select(id) {
  state.selected = id;
  for (const row of $('samples').children) row.classList.toggle('selected', row.dataset.sampleId === id);
}

/** `?tracks=` for the first `trackCount` lanes as mute and solo leave them audible; empty when all are. */
function mix(trackCount) {
  const lanes = state.tracks.slice(0, trackCount);
  if (lanes.length !== trackCount) return ''; // a sample of another shape than the roll: play it whole
  const soloed = lanes.some((t) => t.solo);
  const audible = lanes.map((t, i) => ((soloed ? t.solo : !t.muted) ? i + 1 : 0)).filter(Boolean);
  if (audible.length === trackCount) return '';
  if (!audible.length) throw new ApiError('Every track is muted: unmute or solo one to listen', 'all-muted');
  return '?tracks=' + audible.join(',');
}

/** Whether what plays now is sample `id` or its input (A/B). */
const playingSample = (id) => player.playing?.id === id || player.playing?.id === id + '@input';

const sampleAudio = (s) => `/jobs/${s.jobId}/samples/${s.index}/audio${mix(s.tracks)}`;

function jobInputAudio(job, trackCount) {
  if (job.parentSampleId) {
    const [jobId, index] = job.parentSampleId.split(':');
    return `/jobs/${jobId}/samples/${index}/audio${mix(trackCount)}`;
  }
  return `/pieces/${job.pieceId}/audio${mix(trackCount)}`;
}

function inputAudio() {
  const input = state.input;
  const base = input.kind === 'piece' ? `/pieces/${input.piece.id}/audio`
    : `/jobs/${input.sample.jobId}/samples/${input.sample.index}/audio`;
  return base + mix(state.notes.tracks.length);
}

async function togglePlay(s, job) {
  select(s.id);
  if (playingSample(s.id)) { player.stop(); return; }
  await player.play(s.id, sampleAudio(s));
}

async function abSwitch(s, job) {
  select(s.id);
  const id = player.playing?.id;
  if (id === s.id) await player.switchTo(s.id + '@input', jobInputAudio(job, s.tracks - (job.request?.newTracks || []).length));
  else if (id === s.id + '@input') await player.switchTo(s.id, sampleAudio(s));
  else await player.play(s.id, sampleAudio(s));
}

async function toggleInput() {
  if (player.playing?.id === 'input') { player.stop(); return; }
  await player.play('input', inputAudio());
}

/** Mute or solo changed: what plays now goes on with the new mix, at the same moment. */
async function remix() {
  const id = player.playing?.id;
  if (!id) return;
  if (state.tracks.every((t) => t.muted && !t.solo)) { player.stop(); return; }
  if (id === 'input') { await player.switchTo(id, inputAudio()); return; }
  const row = [...$('samples').children].find((r) => playingSample(r.dataset.sampleId));
  if (!row) return;
  await player.switchTo(id, id.endsWith('@input') ? jobInputAudio(row.job, row.sample.tracks) : sampleAudio(row.sample));
}

function updateButtons() {
  const id = player.playing?.id;
  $('play-input').textContent = id === 'input' ? '■ Stop' : '▶ Play';
  for (const row of $('samples').children) {
    const mine = playingSample(row.dataset.sampleId);
    row.classList.toggle('playing', !!mine);
    row.querySelector('.play').textContent = mine ? '■' : '▶';
    row.querySelector('.ab').textContent = !mine ? 'A/B' : id.endsWith('@input') ? 'A (input)' : 'B (sample)';
  }
}

/** Seconds of audio → ticks on the grid, through the input's tempo map. */
function tickAt(seconds) {
  const tempos = state.notes?.tempos || [];
  let tick = 0, time = 0, micros = 500000;
  for (const t of tempos) {
    const until = time + ((t.tick - tick) * micros) / 12 / 1e6;
    if (until > seconds) break;
    time = until; tick = t.tick; micros = t.microsPerQuarter;
  }
  return tick + ((seconds - time) * 1e6 * 12) / micros;
}

function followPlayhead() {
  roll.setPlayhead(player.playing ? tickAt(player.position()) : null);
  if (player.playing) requestAnimationFrame(followPlayhead);
}

player.onChange = () => { updateButtons(); if (player.playing) requestAnimationFrame(followPlayhead); else roll.setPlayhead(null); };

// ---- wiring ----

function onKey(e) {
  const typing = e.target.closest('input, select, textarea, dialog');
  if (e.key === 'Escape' && !typing && state.tracks.length) { roll.clearMarks(); return; }
  if (e.key === ' ' && !typing && !e.target.closest('button')) {
    e.preventDefault();
    const row = [...$('samples').children].find((r) => r.dataset.sampleId === state.selected);
    if (row) guard('samples-error', togglePlay)(row.sample, row.job);
  }
}

async function start() {
  await Promise.all([loadPieces(), loadJobs()]);
}

fillSelect($('density'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
fillSelect($('minPolyphony'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
fillSelect($('maxPolyphony'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
fillSelect($('minDuration'), LENGTHS, LENGTHS.map((l) => l.replace('_', ' ')));
fillSelect($('maxDuration'), LENGTHS, LENGTHS.map((l) => l.replace('_', ' ')));
$('instruments').append(...GM.map((name) => el('option', { value: name })));

$('key-form').addEventListener('submit', useKey);
$('change-key').addEventListener('click', () => askKey());
$('file').addEventListener('change', guard('pieces-error', upload));
$('pieces').addEventListener('change', guard('pieces-error', (e) => (e.target.value ? openPiece(e.target.value) : null)));
$('rename').addEventListener('click', openRename);
$('rename-form').addEventListener('submit', guard('rename-error', rename));
$('rename-cancel').addEventListener('click', () => $('rename-dialog').close());
$('delete').addEventListener('click', guard('pieces-error', deletePiece));
$('play-input').addEventListener('click', guard('drop-error', toggleInput));
$('zoom-in').addEventListener('click', () => roll.zoomBy(1.5));
$('zoom-out').addEventListener('click', () => roll.zoomBy(1 / 1.5));
$('add-track').addEventListener('click', addTrack);
$('new-instrument').addEventListener('keydown', (e) => { if (e.key === 'Enter') addTrack(); });
$('bars').addEventListener('change', typedBars);
for (const input of document.querySelectorAll('#track-panel [data-control]')) input.addEventListener('change', () => controlChanged(input));
$('track-temperature').addEventListener('change', () => {
  const t = state.tracks[state.focused];
  if (t) t.temperature = $('track-temperature').value === '' ? null : Number($('track-temperature').value);
});
$('generate').addEventListener('click', guard('generate-error', generate));
$('cancel').addEventListener('click', guard('generate-error', cancelJob));
$('prev').addEventListener('click', guard('samples-error', () => { state.page--; return loadSamples(); }));
$('next').addEventListener('click', guard('samples-error', () => { state.page++; return loadSamples(); }));
$('sort').addEventListener('change', guard('samples-error', () => { state.page = 0; return state.job && loadSamples(); }));
$('zip').addEventListener('click', guard('samples-error', () => download(`/jobs/${state.job.id}/samples.zip`, `${state.job.id}.zip`)));
$('jobs').addEventListener('change', guard('samples-error', async (e) => e.target.value && openJob(await json('/jobs/' + e.target.value))));
document.addEventListener('keydown', onKey);

// a handle for tests and the curious: what plays, and how loud it is at the speakers
window.polyphonStudio = { level: () => player.level(), playing: () => player.playing?.id ?? null };

if (apiKey.get()) start().catch((e) => showError('pieces-error', e));
else askKey();
