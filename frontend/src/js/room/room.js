// The meeting room in the browser, wired together: the WebSocket to our server
// (connection.js), the full mesh of audio and video (mesh.js, media.js), the page
// (render.js from view.js), the chat (chat.js) and the buttons (controls.js). The
// server decides everything that matters (who may do what); the page shows the state
// it sends and asks it for changes. The build bundles these modules into one file.
import { showBadges } from "../badges.js";
import { Chat } from "./chat.js";
import { Connection, requestToken, socketUrl } from "./connection.js";
import { bindControls } from "./controls.js";
import { RemoteMedia } from "./media.js";
import { Mesh } from "./mesh.js";
import * as say from "./protocol.js";
import { RoomView, setLabel } from "./render.js";
import { announcements, closingSoon, connectionText, format, reactionView } from "./view.js";

const roomElement = document.getElementById("room");
if (roomElement) enter(roomElement);

function enter(root) {
  const texts = JSON.parse(document.getElementById(root.dataset.textsId).textContent);
  const view = new RoomView(root, texts);
  const playButton = root.querySelector('[data-action="play"]');
  setLabel(playButton, texts.hearOthers);
  const micButton = root.querySelector('[data-action="mic"]');

  // The live room, shared with the buttons (controls.js).
  const room = {
    texts,
    seat: null,
    state: null, // the room's public state, as the server last sent it
    mesh: null,
    microphone: null, // our MediaStreamTrack, if the browser allows one
    micOn: false,
    clockOffset: 0, // server clock minus ours, in seconds
    send: (message) => connection.send(message),
    notice: (text) => view.notice(text),
    setMicrophone,
    leave,
    resumeSound: () => remote.resume(),
    playAll() {
      remote.playAll();
      playButton.hidden = true;
    },
  };
  const over = () => connection.final;
  const serverNow = () => Date.now() / 1000 + room.clockOffset;
  const videos = () => ({ streamOf: (seat) => remote.streamOf(seat), camera: room.mesh?.camera });

  const connection = new Connection({
    url: socketUrl(location, root.dataset.wsPath),
    fetchToken: () =>
      requestToken(root.dataset.tokenUrl, document.querySelector("#leave-form [name=csrfmiddlewaretoken]").value),
    onMessage: (message) => handlers[message.type]?.(message),
    onRetry: () => view.showStatus(texts.reconnecting),
    onClose: () => room.mesh?.closeAll(),
  });
  const remote = new RemoteMedia({
    container: document.getElementById("remote-media"),
    onSpeaking: (seat, speaking) => view.markSpeaking(seat, speaking),
    onBlocked: () => {
      playButton.hidden = false;
    },
  });
  const chat = new Chat({ texts, send: room.send, me: () => room.seat });

  const handlers = {
    welcome(message) {
      room.seat = message.seat;
      if (!room.mesh) {
        room.mesh = new Mesh({
          seat: room.seat,
          iceServers: message.ice,
          microphone: room.microphone,
          send: (to, data) => room.send(say.signal(to, data)),
          onTrack: attachStream,
          onChange: showConnection,
        });
        if (room.microphone) remote.watchOwn(room.seat, room.microphone);
      }
      receiveState(message.state);
      // After a reconnect the seat still knows our status; after a first entry, say it.
      room.send(say.status("muted", !room.micOn));
    },
    state: (message) => receiveState(message.state),
    signal: (message) => room.mesh?.receive(message.from, message.data),
    chat: (message) => chat.add(message),
    react: (message) => view.showReaction(message.from, reactionView(room.state, message.from, message.kind, texts)),
    ask_mute: () => view.notice(texts.askMute),
    muted_by_host() {
      setMicrophone(false, { tell: false });
      view.notice(texts.mutedByHost);
    },
    removed: () => finish(texts.removed),
    ended: (message) => finish(message.reason === "time" ? texts.endedTime : texts.ended),
    replaced: () => finish(texts.replaced),
    refused: (message) => finish(texts[`refused_${message.reason}`] || texts.refused_not_open),
    error() {
      // A refused request (a stale click in a round, say): the next state corrects the page.
    },
    pong() {},
    badges: (message) => showBadges(document, message.badges),
  };

  function receiveState(next) {
    const before = room.state;
    room.state = next;
    room.clockOffset = next.now - Date.now() / 1000;
    if (next.ended) {
      finish(texts.ended);
      return;
    }
    for (const text of announcements(before, next, room.seat, texts)) view.announce(text);
    view.render(next, room.seat, videos());
    tickRound();
    showConnection();
    remote.dropMissing(next.seats);
    room.mesh?.sync(next.seats);
  }

  function attachStream(seat, stream) {
    remote.attach(seat, stream);
    if (room.state) view.renderCircle(room.state, room.seat, videos());
  }

  function showConnection() {
    if (!room.state || over()) return;
    const connected = room.mesh ? room.mesh.connectedCount() : 0;
    view.showStatus(connectionText(room.state, room.seat, connected, texts));
  }

  function tickRound() {
    if (room.state?.round && !over()) view.tickRound(room.state.round, serverNow());
  }

  function setMicrophone(on, { tell = true } = {}) {
    room.micOn = on && Boolean(room.microphone);
    if (room.microphone) room.microphone.enabled = room.micOn;
    setLabel(micButton, room.micOn ? texts.micSwitchOff : texts.micSwitchOn);
    if (tell) room.send(say.status("muted", !room.micOn));
  }

  function stopMedia() {
    room.mesh?.closeAll();
    room.microphone?.stop();
    room.mesh?.camera?.stop();
    remote.stop();
  }

  // Removed, ended, refused or replaced: the room is over for this page.
  function finish(text) {
    connection.stop();
    stopMedia();
    view.showOver(text);
    connection.close();
  }

  function leave() {
    connection.stop();
    room.send(say.leave());
    stopMedia();
    document.getElementById("leave-form").submit();
  }

  // The microphone is asked for before entering, so that the first offers carry it.
  async function start() {
    room.microphone = await Mesh.openMicrophone();
    if (room.microphone) {
      setMicrophone(true, { tell: false });
    } else {
      room.micOn = false;
      micButton.disabled = true;
      setLabel(micButton, texts.micMissing);
      view.notice(texts.noMicrophone);
    }
    view.showStatus(texts.connecting);
    connection.start();
  }

  bindControls(root, room);
  setInterval(tickRound, 1000);

  // The room closes at the meeting's planned end: five minutes before, everyone hears so.
  const endsAt = Number(root.dataset.endsAt);
  let announcedClosing = false;
  setInterval(() => {
    if (!over() && !announcedClosing && room.state && closingSoon(endsAt, serverNow())) {
      announcedClosing = true;
      view.notice(format(texts.closingSoon, { time: root.dataset.endsLabel }));
    }
  }, 1000);

  // Closing the tab or going elsewhere leaves the room: the seat is kept only a few
  // seconds, so that a reload comes back to the same place and hand.
  window.addEventListener("pagehide", () => {
    if (!over()) room.send(say.leave({ closing: true }));
  });

  // For the browser tests and the benchmark: what the page knows about its connections.
  window.gemeinwerkRoom = {
    seat: () => room.seat,
    state: () => room.state,
    connectedPeers: () => (room.mesh ? room.mesh.connectedCount() : 0),
    inboundAudioPackets: () => (room.mesh ? room.mesh.inboundAudioPackets() : Promise.resolve(0)),
  };

  start();
}
