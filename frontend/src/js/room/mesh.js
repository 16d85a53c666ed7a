// The full mesh: one RTCPeerConnection to every other person in the room. Audio and
// video go browser to browser, encrypted (DTLS-SRTP); the server only passes on the
// offers, answers and candidates (`signal` messages).
//
// To avoid both sides offering at once, the seat with the smaller id always offers and
// adds the audio and video transceivers; the other side answers and puts its own
// tracks on the transceivers it received. A failed connection, or one that is not up
// in time, is restarted by the offering side. Signals of one peer are handled strictly
// one after the other, so that an offer is answered before the next description (a
// restart's offer, say) is taken in.

// A cap, not a wish: small pictures keep a mesh of 15 within what phones can send.
const CAMERA = {
  width: { ideal: 320, max: 320 },
  height: { ideal: 240, max: 240 },
  frameRate: { max: 15 },
};
const CAMERA_BITRATE = 250_000;
// A connection not up this long after an offer is offered again with fresh ICE; the
// wait doubles each time, so a slow device is not flooded with restarts.
const NEGOTIATION_TIMEOUT_MAX_MS = 120_000;

export class Mesh {
  static negotiationTimeoutMs = 15_000; // the first wait; tests shorten it

  constructor({ seat, iceServers, microphone, send, onTrack, onChange }) {
    this.seat = seat;
    this.iceServers = iceServers;
    this.microphone = microphone; // MediaStreamTrack or null (listen only)
    this.send = send; // (toSeat, data) => void
    this.onTrack = onTrack; // (seat, MediaStream) => void
    this.onChange = onChange; // () => void, when a connection state changes
    this.peers = new Map();
    this.epochs = new Map(); // seat -> its connection number, from the room's state
    this.camera = null;
  }

  // Echo cancellation matters most: many people use laptop speakers.
  static async openMicrophone() {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
      return stream.getAudioTracks()[0];
    } catch {
      return null;
    }
  }

  async setCamera(on) {
    if (on && !this.camera) {
      const stream = await navigator.mediaDevices.getUserMedia({ video: CAMERA });
      this.camera = stream.getVideoTracks()[0];
    }
    if (!on && this.camera) {
      this.camera.stop();
      this.camera = null;
    }
    for (const peer of this.peers.values()) peer.useCamera(this.camera);
    return this.camera;
  }

  // Bring the peers in line with who is connected: new people get a connection,
  // people whose connection dropped lose theirs (a new one is made when they return).
  sync(seats) {
    const present = new Map(
      seats.filter((s) => s.connected && s.id !== this.seat).map((s) => [s.id, s.epoch]),
    );
    this.epochs = present;
    for (const [seatId, peer] of this.peers) {
      // An answer made before this state arrived belongs to the connection it names.
      if (peer.epoch === undefined && present.has(seatId)) peer.epoch = present.get(seatId);
      // Gone, or back with a new connection (a reload, another tab): start afresh.
      if (present.get(seatId) !== peer.epoch) {
        peer.close();
        this.peers.delete(seatId);
      }
    }
    for (const [seatId, epoch] of present) {
      if (!this.peers.has(seatId) && this.seat < seatId) this.peer(seatId, epoch).offer();
    }
    this.onChange();
  }

  peer(seatId, epoch = this.epochs.get(seatId)) {
    let peer = this.peers.get(seatId);
    if (!peer) {
      peer = new Peer(this, seatId, epoch);
      this.peers.set(seatId, peer);
    }
    return peer;
  }

  async receive(fromSeat, data) {
    if (data.description?.type === "offer" && this.peers.has(fromSeat) && this.seat < fromSeat) {
      // Only the other side offers to us; an offer from the wrong side is stale.
      return;
    }
    await this.peer(fromSeat).receive(data);
  }

  closeAll() {
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.onChange();
  }

  connectedCount() {
    return [...this.peers.values()].filter((p) => p.pc.connectionState === "connected").length;
  }

  // Packets of audio received from all peers: for the connection display and the tests.
  async inboundAudioPackets() {
    let packets = 0;
    for (const peer of this.peers.values()) {
      const stats = await peer.pc.getStats();
      stats.forEach((report) => {
        if (report.type === "inbound-rtp" && report.kind === "audio") packets += report.packetsReceived;
      });
    }
    return packets;
  }
}

class Peer {
  constructor(mesh, seatId, epoch) {
    this.mesh = mesh;
    this.seatId = seatId;
    this.epoch = epoch;
    this.offering = mesh.seat < seatId;
    this.pc = new RTCPeerConnection({ iceServers: mesh.iceServers });
    this.stream = new MediaStream();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) mesh.send(seatId, { candidate: candidate.toJSON() });
    };
    this.pc.ontrack = ({ track }) => {
      this.stream.addTrack(track);
      mesh.onTrack(seatId, this.stream);
    };
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      if (state === "connected") this.stopWatching();
      if (state === "failed" && this.offering) this.restart();
      mesh.onChange();
    };
    this.inbox = Promise.resolve(); // signals of this peer, one after the other
    this.watchdog = null;
    this.patience = Mesh.negotiationTimeoutMs;
    this.closed = false;
  }

  // The offering side waits for the connection; if it does not come up, it offers
  // again with fresh ICE (a lost message, a network that changed, a stuck negotiation).
  watch() {
    this.stopWatching();
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (this.closed || this.pc.connectionState === "connected") return;
      this.patience = Math.min(this.patience * 2, NEGOTIATION_TIMEOUT_MAX_MS);
      this.restart();
    }, this.patience);
  }

  stopWatching() {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  async offer() {
    this.pc.addTransceiver(this.mesh.microphone || "audio", { direction: "sendrecv" });
    const video = this.pc.addTransceiver("video", { direction: "sendrecv" });
    if (this.mesh.camera) await video.sender.replaceTrack(this.mesh.camera);
    this.limitVideo(video.sender);
    await this.pc.setLocalDescription();
    this.mesh.send(this.seatId, { description: this.pc.localDescription.toJSON() });
    this.watch();
  }

  async restart() {
    if (this.closed) return;
    this.pc.restartIce();
    await this.pc.setLocalDescription();
    this.mesh.send(this.seatId, { description: this.pc.localDescription.toJSON() });
    this.watch();
  }

  receive(data) {
    this.inbox = this.inbox
      .then(() => (this.closed ? undefined : this.handle(data)))
      .catch(() => {
        // A description that no longer fits (crossed restarts): the offering side's
        // watchdog offers again; the next signals must still be handled.
      });
    return this.inbox;
  }

  async handle({ description, candidate }) {
    if (description) {
      await this.pc.setRemoteDescription(description);
      if (description.type === "offer") {
        for (const transceiver of this.pc.getTransceivers()) {
          transceiver.direction = "sendrecv";
          const kind = transceiver.receiver.track.kind;
          const track = kind === "audio" ? this.mesh.microphone : this.mesh.camera;
          if (track) await transceiver.sender.replaceTrack(track);
          if (kind === "video") this.limitVideo(transceiver.sender);
        }
        await this.pc.setLocalDescription();
        this.mesh.send(this.seatId, { description: this.pc.localDescription.toJSON() });
      }
    } else if (candidate) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch {
        // A candidate of an earlier negotiation: harmless.
      }
    }
  }

  useCamera(track) {
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.receiver.track.kind === "video") transceiver.sender.replaceTrack(track);
    }
  }

  limitVideo(sender) {
    // Small pictures are enough in a circle of up to 15, and spare slow connections.
    const parameters = sender.getParameters();
    if (!parameters.encodings?.length) return;
    parameters.encodings[0].maxBitrate = CAMERA_BITRATE;
    sender.setParameters(parameters).catch(() => {});
  }

  close() {
    this.closed = true;
    this.stopWatching();
    this.pc.close();
  }
}
