// Who is speaking, from the loudness of each audio stream: the circle lights up the
// avatar. Everything happens in this browser; levels are not sent anywhere.
const THRESHOLD = 0.015; // root mean square of the samples; quiet rooms stay dark
const HOLD_MS = 600; // keep the light on through short pauses between words
const INTERVAL_MS = 150;

export class SpeakingMeter {
  constructor(onChange) {
    this.onChange = onChange; // (seat, speaking) => void
    this.context = null;
    this.sources = new Map(); // seat -> { source, analyser, lastLoud, speaking }
    this.timer = null;
  }

  watch(seat, stream) {
    if (!window.AudioContext || !stream.getAudioTracks().length) return;
    const known = this.sources.get(seat);
    if (known?.stream === stream) return;
    this.forget(seat);
    this.context ??= new AudioContext();
    const analyser = this.context.createAnalyser();
    analyser.fftSize = 512;
    const source = this.context.createMediaStreamSource(stream);
    source.connect(analyser); // not to the speakers: the <audio> element plays the sound
    this.sources.set(seat, { stream, source, analyser, lastLoud: 0, speaking: false });
    this.timer ??= setInterval(() => this.measure(), INTERVAL_MS);
  }

  forget(seat) {
    const known = this.sources.get(seat);
    if (!known) return;
    known.source.disconnect();
    this.sources.delete(seat);
    if (known.speaking) this.onChange(seat, false);
  }

  // Browsers start audio contexts only after a click; the room calls this on each one.
  resume() {
    if (this.context?.state === "suspended") this.context.resume().catch(() => {});
  }

  measure() {
    const now = performance.now();
    for (const [seat, entry] of this.sources) {
      const samples = new Float32Array(entry.analyser.fftSize);
      entry.analyser.getFloatTimeDomainData(samples);
      const level = Math.sqrt(samples.reduce((sum, value) => sum + value * value, 0) / samples.length);
      const track = entry.stream.getAudioTracks()[0];
      if (level > THRESHOLD && track?.enabled !== false) entry.lastLoud = now;
      const speaking = now - entry.lastLoud < HOLD_MS;
      if (speaking !== entry.speaking) {
        entry.speaking = speaking;
        this.onChange(seat, speaking);
      }
    }
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    for (const seat of [...this.sources.keys()]) this.forget(seat);
    this.context?.close().catch(() => {});
    this.context = null;
  }
}
