// The sound check before entering the room: a level meter for the microphone and a
// test tone for the speakers. Nothing is recorded or sent anywhere.
const root = document.getElementById("sound-check");

if (root) {
  const texts = JSON.parse(document.getElementById(root.dataset.textsId).textContent);
  const meter = document.getElementById("mic-level");
  const result = document.getElementById("mic-result");
  let heard = false;

  root.querySelector('[data-action="mic-test"]').addEventListener("click", async () => {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      result.textContent = texts.denied;
      return;
    }
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const started = performance.now();
    result.textContent = texts.silent;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      const level = Math.sqrt(samples.reduce((sum, value) => sum + value * value, 0) / samples.length);
      meter.value = Math.min(1, level * 4);
      if (!heard && level > 0.02) {
        heard = true;
        result.textContent = texts.heard;
      }
      if (performance.now() - started < 15000) {
        requestAnimationFrame(tick);
      } else {
        stream.getTracks().forEach((track) => track.stop());
        context.close();
      }
    };
    tick();
  });

  root.querySelector('[data-action="sound-test"]').addEventListener("click", () => {
    const context = new AudioContext();
    const tone = context.createOscillator();
    const volume = context.createGain();
    tone.frequency.value = 523;
    volume.gain.setValueAtTime(0.2, context.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 1);
    tone.connect(volume).connect(context.destination);
    tone.start();
    tone.stop(context.currentTime + 1);
    tone.onended = () => context.close();
  });
}
