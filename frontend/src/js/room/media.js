// The others' sound and pictures as they arrive from the mesh: one hidden <audio>
// element per person (videos are muted; render.js shows them in the circle), and the
// speaking meter that lights up whoever talks.
import { SpeakingMeter } from "./speaking.js";
import { connectedIds } from "./view.js";

export class RemoteMedia {
  // onSpeaking(seat, speaking): the meter's verdict; onBlocked(): the browser waits for
  // a click before it plays sound.
  constructor({ container, onSpeaking, onBlocked }) {
    this.container = container;
    this.onBlocked = onBlocked;
    this.streams = new Map(); // seat -> MediaStream of that person
    this.meter = new SpeakingMeter(onSpeaking);
  }

  streamOf(seat) {
    return this.streams.get(seat);
  }

  audioOf(seat) {
    return this.container.querySelector(`audio[data-seat="${CSS.escape(seat)}"]`);
  }

  attach(seat, stream) {
    this.streams.set(seat, stream);
    let audio = this.audioOf(seat);
    if (!audio) {
      audio = document.createElement("audio");
      audio.dataset.seat = seat;
      audio.autoplay = true;
      this.container.append(audio);
    }
    if (audio.srcObject !== stream) audio.srcObject = stream;
    audio.play().catch(() => this.onBlocked());
    if (stream.getAudioTracks().length) this.meter.watch(seat, stream);
  }

  // Our own microphone lights up our own seat.
  watchOwn(seat, microphone) {
    this.meter.watch(seat, new MediaStream([microphone]));
  }

  // People no longer connected lose their sound.
  dropMissing(seats) {
    const present = connectedIds(seats);
    for (const seat of [...this.streams.keys()]) {
      if (present.has(seat)) continue;
      this.streams.delete(seat);
      this.meter.forget(seat);
      this.audioOf(seat)?.remove();
    }
  }

  // After a click: the browser lets sound and audio analysis start now.
  resume() {
    this.meter.resume();
  }

  playAll() {
    for (const audio of this.container.querySelectorAll("audio")) audio.play().catch(() => {});
    this.meter.resume();
  }

  stop() {
    this.meter.stop();
    for (const audio of this.container.querySelectorAll("audio")) audio.remove();
  }
}
