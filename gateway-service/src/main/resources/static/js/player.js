// Plays the API's rendered audio (WAV from the MIDI service's General MIDI synthesizer) through one audio graph:
// source → analyser → speakers. One thing plays at a time; switching keeps the position, for A/B listening.

import { api } from './api.js';

const CACHED = 24; // decoded clips kept (a 30 s clip is about 5 MB of floats)

export class Player {
  constructor() {
    this.context = null;
    this.clips = new Map(); // url → Promise<AudioBuffer>, oldest first
    this.source = null;
    this.playing = null; // { id, url, startedAt, offset }
    this.onChange = () => {};
  }

  graph() {
    if (!this.context) {
      this.context = new AudioContext();
      this.analyser = this.context.createAnalyser();
      this.analyser.fftSize = 2048;
      this.analyser.connect(this.context.destination);
    }
    return this.context;
  }

  clip(url) {
    if (!this.clips.has(url)) {
      const context = this.graph();
      const loading = api(url).then((res) => res.arrayBuffer()).then((bytes) => context.decodeAudioData(bytes));
      loading.catch(() => this.clips.delete(url)); // a failed load is tried again next time
      this.clips.set(url, loading);
      if (this.clips.size > CACHED) this.clips.delete(this.clips.keys().next().value);
    }
    return this.clips.get(url);
  }

  /** Plays `url` (an API path of a WAV) from `offset` seconds; `id` names what plays, for the page's buttons. */
  async play(id, url, offset = 0) {
    const context = this.graph();
    await context.resume(); // a context made before a click starts suspended
    const buffer = await this.clip(url);
    this.stop(false);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.analyser);
    const start = Math.min(Math.max(offset, 0), buffer.duration);
    source.start(0, start);
    source.onended = () => { if (this.source === source) this.stop(); };
    this.source = source;
    this.playing = { id, url, startedAt: context.currentTime, offset: start, duration: buffer.duration };
    this.onChange();
  }

  /** Plays `url` in place of what plays now, at the same moment of the music. */
  async switchTo(id, url) {
    await this.play(id, url, this.position());
  }

  stop(notify = true) {
    if (this.source) {
      this.source.onended = null;
      this.source.stop();
      this.source.disconnect();
    }
    this.source = null;
    this.playing = null;
    if (notify) this.onChange();
  }

  /** Seconds into what plays now, or 0. */
  position() {
    if (!this.playing) return 0;
    return this.playing.offset + this.context.currentTime - this.playing.startedAt;
  }

  /** Loudness of what reaches the speakers now (RMS of the last 2048 samples, 0..1). */
  level() {
    if (!this.analyser) return 0;
    const wave = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(wave);
    let sum = 0;
    for (const v of wave) sum += v * v;
    return Math.sqrt(sum / wave.length);
  }
}
