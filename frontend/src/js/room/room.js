// The meeting room in the browser: the WebSocket to our server (signalling and the
// room's state), the full mesh of audio (mesh.js), and the page: the circle, the list
// of people for screen readers, the speaking list, rounds, reactions, the chat and the
// host's controls. The server decides everything that matters (who may do what); this
// file shows the state it sends and asks it for changes.
import { Mesh } from "./mesh.js";
import { SpeakingMeter } from "./speaking.js";

const root = document.getElementById("room");
const CLOSING_NOTICE_SECONDS = 300;

if (root) {
  const texts = JSON.parse(document.getElementById(root.dataset.textsId).textContent);
  const avatarSprite = root.dataset.avatars;
  const $ = (selector) => root.querySelector(selector);
  const all = (selector) => [...root.querySelectorAll(selector)];
  const format = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));

  const statusLine = document.getElementById("room-status");
  const announcer = document.getElementById("announcer");
  const circle = document.getElementById("circle");
  const people = document.getElementById("people");
  const speakers = document.getElementById("speakers");
  const chatLog = document.getElementById("chat-log");
  const chatForm = document.getElementById("chat-form");
  const chatText = document.getElementById("chat-text");
  const remoteMedia = document.getElementById("remote-media");
  const playButton = $('[data-action="play"]');
  playButton.querySelector(".kern-label").textContent = texts.hearOthers;

  let socket = null;
  let mySeat = null;
  let mesh = null;
  let current = null; // the room's public state, as the server last sent it
  let clockOffset = 0; // server clock minus ours, in seconds
  let final = false; // removed, ended or refused: no reconnecting
  let retryDelay = 1000;
  let retryTimer = null;
  let tokenRefusals = 0;
  let micOn = false;
  let microphone = null; // our MediaStreamTrack, if the browser allows one
  let announcedTimeUp = null;
  const streams = new Map(); // seat -> MediaStream of that person
  const meter = new SpeakingMeter((seat, speaking) => markSpeaking(seat, speaking));

  // --- Talking to the server -----------------------------------------------------------

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function retry() {
    statusLine.textContent = texts.reconnecting;
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  // Every (re)connect first asks for a fresh room token: a cookie that lives a minute,
  // bound to our seat, which the WebSocket needs (meetings/tokens.py).
  async function fetchToken() {
    const csrf = document.querySelector("#leave-form [name=csrfmiddlewaretoken]").value;
    const response = await fetch(root.dataset.tokenUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
      cache: "no-store",
    });
    return response.status;
  }

  async function connect() {
    retryTimer = null;
    if (final) return;
    let status;
    try {
      status = await fetchToken();
    } catch {
      status = 0; // offline for a moment: try again later
    }
    if (final) return;
    if (status === 403) {
      // The meeting is over or this browser's join has gone: nothing to reconnect to.
      handlers.refused({ reason: "not_open" });
      return;
    }
    if (status !== 204) {
      retry();
      return;
    }
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.wsPath);
    socket.addEventListener("message", (event) => handle(JSON.parse(event.data)));
    socket.addEventListener("close", () => {
      mesh?.closeAll();
      if (final) return;
      retry();
    });
  }

  const handlers = {
    welcome(message) {
      retryDelay = 1000;
      tokenRefusals = 0;
      mySeat = message.seat;
      if (!mesh) {
        mesh = new Mesh({
          seat: mySeat,
          iceServers: message.ice,
          microphone,
          send: (to, data) => send({ type: "signal", to, data }),
          onTrack: attachStream,
          onChange: showConnection,
        });
        if (microphone) meter.watch(mySeat, new MediaStream([microphone]));
      }
      receiveState(message.state);
      // After a reconnect the seat still knows our status; after a first entry, say it.
      send({ type: "status", field: "muted", value: !micOn });
    },
    state: (message) => receiveState(message.state),
    signal: (message) => mesh?.receive(message.from, message.data),
    chat: (message) => addChatLine(message),
    react: (message) => showReaction(message.from, message.kind),
    ask_mute: () => notice(texts.askMute),
    muted_by_host() {
      setMicrophone(false, { tell: false });
      notice(texts.mutedByHost);
    },
    removed: () => finish(texts.removed),
    ended: (message) => finish(message.reason === "time" ? texts.endedTime : texts.ended),
    replaced: () => finish(texts.replaced),
    refused(message) {
      // A stale room token (a slow network between fetching and connecting): the
      // close that follows reconnects with a fresh one, a few times at most.
      if (message.reason === "token" && tokenRefusals++ < 3) return;
      final = true;
      const text = texts[`refused_${message.reason}`] || texts.refused_not_open;
      finish(text);
    },
    error() {
      // A refused request (a stale click in a round, say): the next state corrects the page.
    },
    pong() {},
  };

  function handle(message) {
    handlers[message.type]?.(message);
  }

  // --- Media ---------------------------------------------------------------------------

  // The microphone is asked for before entering, so that the first offers carry it.
  async function start() {
    microphone = await Mesh.openMicrophone();
    if (microphone) {
      setMicrophone(true, { tell: false });
    } else {
      micOn = false;
      const button = $('[data-action="mic"]');
      button.disabled = true;
      setLabel(button, texts.micMissing);
      notice(texts.noMicrophone);
    }
    statusLine.textContent = texts.connecting;
    connect();
  }

  function attachStream(seat, stream) {
    streams.set(seat, stream);
    let audio = remoteMedia.querySelector(`audio[data-seat="${CSS.escape(seat)}"]`);
    if (!audio) {
      audio = document.createElement("audio");
      audio.dataset.seat = seat;
      audio.autoplay = true;
      remoteMedia.append(audio);
    }
    if (audio.srcObject !== stream) audio.srcObject = stream;
    audio.play().catch(() => {
      // The browser waits for a click before it plays sound.
      playButton.hidden = false;
    });
    if (stream.getAudioTracks().length) meter.watch(seat, stream);
    if (current) renderCircle();
  }

  function dropMissingStreams(seats) {
    const present = new Set(seats.filter((s) => s.connected).map((s) => s.id));
    for (const seat of [...streams.keys()]) {
      if (present.has(seat)) continue;
      streams.delete(seat);
      meter.forget(seat);
      remoteMedia.querySelector(`audio[data-seat="${CSS.escape(seat)}"]`)?.remove();
    }
  }

  function setMicrophone(on, { tell = true } = {}) {
    micOn = on && Boolean(microphone);
    if (microphone) microphone.enabled = micOn;
    const button = $('[data-action="mic"]');
    setLabel(button, micOn ? texts.micSwitchOff : texts.micSwitchOn);
    if (tell) send({ type: "status", field: "muted", value: !micOn });
  }

  function showConnection() {
    if (!current || final) return;
    const others = current.seats.filter((s) => s.connected && s.id !== mySeat).length;
    statusLine.textContent = others
      ? format(texts.connectedTo, { count: mesh ? mesh.connectedCount() : 0, total: others })
      : texts.alone;
  }

  // --- The room's state ----------------------------------------------------------------

  function receiveState(next) {
    const before = current;
    current = next;
    clockOffset = next.now - Date.now() / 1000;
    if (next.ended) {
      finish(texts.ended);
      return;
    }
    announceChanges(before, next);
    render();
    dropMissingStreams(next.seats);
    mesh?.sync(next.seats);
  }

  const seatOf = (id) => current?.seats.find((s) => s.id === id);
  const nameOf = (id, state = current) => state?.seats.find((s) => s.id === id)?.name ?? "";
  const amHost = () => Boolean(seatOf(mySeat)?.host);

  function announceChanges(before, next) {
    if (!before) return;
    const was = new Set(before.seats.filter((s) => s.connected).map((s) => s.id));
    const is = new Set(next.seats.filter((s) => s.connected).map((s) => s.id));
    for (const seat of next.seats) {
      if (seat.connected && !was.has(seat.id) && seat.id !== mySeat) {
        announce(format(texts.joined, { name: seat.name }));
      }
    }
    for (const seat of before.seats) {
      if (seat.connected && !is.has(seat.id) && seat.id !== mySeat) {
        announce(format(texts.left, { name: seat.name }));
      }
    }
    for (const id of next.speakers) {
      if (!before.speakers.includes(id)) announce(format(texts.handRaised, { name: nameOf(id, next) }));
    }
    if (before.locked !== next.locked) announce(next.locked ? texts.locked : texts.unlocked);
    const round = next.round;
    if (round && !before.round) {
      announce(format(texts.roundStarted, { minutes: round.seconds / 60 }));
    }
    if (!round && before.round) announce(texts.roundOver);
    if (round && (!before.round || before.round.step !== round.step)) {
      const speaker = round.order[round.turn];
      announce(speaker === mySeat ? texts.yourTurn : format(texts.turnOf, { name: nameOf(speaker, next) }));
    }
  }

  function render() {
    const host = amHost();
    for (const element of all("[data-host-only]")) element.hidden = !host;
    const lock = $('[data-action="lock"]');
    lock.setAttribute("aria-pressed", String(current.locked));
    setLabel(lock, current.locked ? texts.unlockRoom : texts.lockRoom);
    const hand = $('[data-action="hand"]');
    hand.setAttribute("aria-pressed", String(current.speakers.includes(mySeat)));
    $('[data-action="away"]').setAttribute("aria-pressed", String(Boolean(seatOf(mySeat)?.away)));
    renderCircle();
    renderPeople(host);
    renderSpeakers();
    renderRound(host);
    showConnection();
  }

  function statusWords(seat) {
    const words = [];
    if (seat.id === mySeat) words.push(texts.you);
    if (seat.host) words.push(texts.host);
    if (!seat.connected) words.push(texts.offline);
    if (seat.muted) words.push(texts.mutedStatus);
    const hand = current.speakers.indexOf(seat.id);
    if (hand >= 0) words.push(format(texts.handStatus, { position: hand + 1 }));
    if (seat.away) words.push(texts.awayStatus);
    const round = current.round;
    if (round && round.order[round.turn] === seat.id) words.push(texts.turnStatus);
    return words;
  }

  // Elements are kept per seat and updated in place, so that focus, videos and running
  // animations survive a new state.
  function keyed(container, selector, seats, create) {
    const existing = new Map([...container.querySelectorAll(selector)].map((el) => [el.dataset.seat, el]));
    seats.forEach((seat, index) => {
      let element = existing.get(seat.id);
      existing.delete(seat.id);
      if (!element) {
        element = create(seat);
        element.dataset.seat = seat.id;
      }
      if (container.children[index] !== element) container.insertBefore(element, container.children[index] || null);
    });
    for (const element of existing.values()) element.remove();
  }

  function avatarElement(seat) {
    if (seat.avatar.startsWith("initial-")) {
      const span = document.createElement("span");
      span.className = `gw-avatar gw-avatar--${seat.avatar.slice(8)}`;
      span.textContent = (seat.name[0] || "?").toUpperCase();
      return span;
    }
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "gw-avatar");
    svg.setAttribute("focusable", "false");
    const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", `${avatarSprite}#${seat.avatar}`);
    svg.append(use);
    return svg;
  }

  function renderCircle() {
    const seats = current.seats;
    keyed(circle, ".gw-seat", seats, (seat) => {
      const element = document.createElement("div");
      element.className = "gw-seat";
      const picture = document.createElement("div");
      picture.className = "gw-seat__picture";
      picture.append(avatarElement(seat));
      const name = document.createElement("span");
      name.className = "gw-seat__name";
      const badges = document.createElement("span");
      badges.className = "gw-seat__badges";
      element.append(picture, name, badges);
      return element;
    });
    const count = seats.length;
    seats.forEach((seat, index) => {
      const element = circle.querySelector(`.gw-seat[data-seat="${CSS.escape(seat.id)}"]`);
      element.style.setProperty("--angle", `${(360 * index) / Math.max(count, 1) - 90}deg`);
      element.querySelector(".gw-seat__name").textContent = seat.name;
      element.classList.toggle("gw-seat--me", seat.id === mySeat);
      element.classList.toggle("gw-seat--muted", seat.muted);
      element.classList.toggle("gw-seat--away", seat.away);
      element.classList.toggle("gw-seat--offline", !seat.connected);
      const round = current.round;
      element.classList.toggle("gw-seat--turn", Boolean(round && round.order[round.turn] === seat.id));
      const badges = [];
      if (seat.host) badges.push("★");
      if (seat.muted) badges.push("🔇");
      const hand = current.speakers.indexOf(seat.id);
      if (hand >= 0) badges.push(`✋${hand + 1}`);
      if (seat.away) badges.push("☕");
      element.querySelector(".gw-seat__badges").textContent = badges.join(" ");
      showVideo(element, seat);
    });
  }

  function showVideo(element, seat) {
    const picture = element.querySelector(".gw-seat__picture");
    let video = picture.querySelector("video");
    const stream = seat.id === mySeat ? (mesh?.camera ? new MediaStream([mesh.camera]) : null) : streams.get(seat.id);
    if (!seat.camera || !stream) {
      video?.remove();
      return;
    }
    if (!video) {
      video = document.createElement("video");
      video.className = "gw-seat__video";
      video.muted = true; // the sound plays through the <audio> element
      video.autoplay = true;
      video.playsInline = true;
      picture.append(video);
    }
    if (seat.id !== mySeat && video.srcObject !== stream) video.srcObject = stream;
    if (seat.id === mySeat && video.srcObject?.getVideoTracks()[0] !== mesh.camera) video.srcObject = stream;
    video.play().catch(() => {});
  }

  function markSpeaking(seat, speaking) {
    circle.querySelector(`.gw-seat[data-seat="${CSS.escape(seat)}"]`)?.classList.toggle("gw-seat--speaking", speaking);
    const item = people.querySelector(`li[data-seat="${CSS.escape(seat)}"] .gw-person__speaking`);
    if (item) item.hidden = !speaking;
  }

  function renderPeople(host) {
    keyed(people, "li", current.seats, (seat) => {
      const item = document.createElement("li");
      item.className = "gw-person";
      const line = document.createElement("p");
      line.className = "kern-body gw-person__line";
      const name = document.createElement("span");
      name.className = "kern-body--bold gw-person__name";
      const status = document.createElement("span");
      status.className = "gw-person__status";
      const speaking = document.createElement("span");
      speaking.className = "gw-person__speaking";
      speaking.textContent = `, ${texts.speakingStatus}`;
      speaking.hidden = true;
      line.append(name, status, speaking);
      const actions = document.createElement("div");
      actions.className = "gw-actions gw-person__actions";
      item.append(line, actions);
      return item;
    });
    for (const seat of current.seats) {
      const item = people.querySelector(`li[data-seat="${CSS.escape(seat.id)}"]`);
      item.querySelector(".gw-person__name").textContent = seat.name;
      const words = statusWords(seat);
      item.querySelector(".gw-person__status").textContent = words.length ? ` (${words.join(", ")})` : "";
      renderPersonActions(item.querySelector(".gw-person__actions"), seat, host);
    }
  }

  const PERSON_ACTIONS = [
    ["ask_mute", "askToMute"],
    ["mute", "mute"],
    ["make_host", "makeHost"],
    ["remove", "remove"],
  ];

  function renderPersonActions(container, seat, host) {
    const show = host && seat.id !== mySeat && seat.connected;
    container.hidden = !show;
    if (!show) return;
    for (const [action, text] of PERSON_ACTIONS) {
      let button = container.querySelector(`[data-person-action="${action}"]`);
      if (!button) {
        button = makeButton(action === "remove" ? "kern-btn--tertiary" : "kern-btn--secondary");
        button.dataset.personAction = action;
        container.append(button);
      }
      setLabel(button, format(texts[text], { name: seat.name }));
      if (action === "mute" || action === "ask_mute") button.disabled = seat.muted;
    }
  }

  function renderSpeakers() {
    speakers.replaceChildren();
    if (!current.speakers.length) {
      const empty = document.createElement("li");
      empty.className = "gw-speakers__empty";
      empty.textContent = texts.nobodyWaiting;
      speakers.append(empty);
      return;
    }
    for (const id of current.speakers) {
      const item = document.createElement("li");
      item.textContent = nameOf(id) + (id === mySeat ? ` (${texts.you})` : "");
      speakers.append(item);
    }
  }

  function renderRound(host) {
    const panel = document.getElementById("round-panel");
    const round = current.round;
    panel.hidden = !round;
    if (!round) return;
    const speaker = round.order[round.turn];
    document.getElementById("round-speaker").textContent =
      speaker === mySeat ? texts.yourTurn : format(texts.turnOf, { name: nameOf(speaker) });
    $('[data-action="round-pass"]').hidden = speaker !== mySeat;
    $('[data-action="round-next"]').hidden = !host;
    $('[data-action="round-stop"]').hidden = !host;
    tickRound();
  }

  function tickRound() {
    const round = current?.round;
    const timer = document.getElementById("round-timer");
    if (!round || final) return;
    const now = Date.now() / 1000 + clockOffset;
    const left = Math.max(0, Math.ceil(round.seconds - (now - round.turn_started)));
    const key = `${round.turn_started}`;
    if (left > 0) {
      const seconds = String(left % 60).padStart(2, "0");
      timer.textContent = format(texts.timeLeft, { minutes: Math.floor(left / 60), seconds });
    } else {
      timer.textContent = texts.timeUp;
      if (announcedTimeUp !== key) {
        announcedTimeUp = key;
        announce(texts.timeUp);
      }
    }
  }
  setInterval(tickRound, 1000);

  // The room closes at the meeting's planned end: five minutes before, everyone hears so.
  const endsAt = Number(root.dataset.endsAt);
  let announcedClosing = false;
  setInterval(() => {
    const left = endsAt - (Date.now() / 1000 + clockOffset);
    if (!final && !announcedClosing && current && left <= CLOSING_NOTICE_SECONDS) {
      announcedClosing = true;
      notice(format(texts.closingSoon, { time: root.dataset.endsLabel }));
    }
  }, 1000);

  // --- Chat and reactions --------------------------------------------------------------

  function addChatLine({ id, from, name, text }) {
    const item = document.createElement("p");
    item.className = from === mySeat ? "gw-chat-line gw-chat-line--me" : "gw-chat-line";
    item.dataset.id = id;
    const sender = document.createElement("span");
    sender.className = "kern-body--bold";
    sender.textContent = from === mySeat ? `${name} (${texts.you}): ` : `${name}: `;
    const words = document.createElement("span");
    words.textContent = text;
    item.append(sender, words);
    chatLog.append(item);
    chatLog.scrollTop = chatLog.scrollHeight;
  }

  function showReaction(from, kind) {
    announce(format(texts[kind], { name: nameOf(from) }));
    const seat = circle.querySelector(`.gw-seat[data-seat="${CSS.escape(from)}"]`);
    if (!seat) return;
    const badge = document.createElement("span");
    badge.className = "gw-seat__reaction";
    badge.textContent = kind === "heart" ? "❤" : "👍";
    seat.append(badge);
    setTimeout(() => badge.remove(), 3000);
  }

  chatForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = chatText.value.trim();
    if (!text) return;
    send({ type: "chat", text });
    chatText.value = "";
  });
  chatText.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter starts a new line (as in other chats).
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      chatForm.requestSubmit();
    }
  });

  // --- Buttons -------------------------------------------------------------------------

  function makeButton(variant) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `kern-btn ${variant}`;
    const label = document.createElement("span");
    label.className = "kern-label";
    button.append(label);
    return button;
  }

  function setLabel(button, text) {
    button.querySelector(".kern-label").textContent = text;
  }

  const actions = {
    mic: () => setMicrophone(!micOn),
    async camera(button) {
      const on = button.getAttribute("aria-pressed") !== "true";
      try {
        await mesh.setCamera(on);
      } catch {
        notice(texts.noCamera);
        return;
      }
      button.setAttribute("aria-pressed", String(on));
      send({ type: "status", field: "camera", value: on });
    },
    hand: () => send({ type: "hand", raised: !current.speakers.includes(mySeat) }),
    away: () => send({ type: "status", field: "away", value: !seatOf(mySeat)?.away }),
    nod: () => send({ type: "react", kind: "nod" }),
    heart: () => send({ type: "react", kind: "heart" }),
    leave,
    play() {
      for (const audio of remoteMedia.querySelectorAll("audio")) audio.play().catch(() => {});
      meter.resume();
      playButton.hidden = true;
    },
    "next-speaker": () => send({ type: "next_speaker" }),
    "round-start": () =>
      send({ type: "round_start", minutes: Number(document.getElementById("round-minutes").value) }),
    "round-next": () => send({ type: "round_next", turn: current.round.step, pass: false }),
    "round-pass": () => send({ type: "round_next", turn: current.round.step, pass: true }),
    "round-stop": () => send({ type: "round_stop" }),
    "mute-all"() {
      for (const seat of current.seats) {
        if (seat.id !== mySeat && seat.connected && !seat.muted) send({ type: "host", action: "mute", seat: seat.id });
      }
    },
    lock: () => send({ type: "host", action: current.locked ? "unlock" : "lock" }),
    end() {
      if (window.confirm(texts.confirmEnd)) send({ type: "host", action: "end" });
    },
  };

  root.addEventListener("click", (event) => {
    meter.resume(); // audio analysis may start only after a click
    const button = event.target.closest("button");
    if (!button || button.disabled) return;
    const personAction = button.dataset.personAction;
    if (personAction) {
      const seat = seatOf(button.closest("[data-seat]").dataset.seat);
      if (!seat) return;
      if (personAction === "remove" && !window.confirm(format(texts.confirmRemove, { name: seat.name }))) return;
      send({ type: "host", action: personAction, seat: seat.id });
      return;
    }
    const action = actions[button.dataset.action];
    if (action && current) action(button);
  });

  // --- Messages to the person ----------------------------------------------------------

  function announce(text) {
    // A polite live region reads a changed text; several at once are joined.
    const line = document.createElement("p");
    line.textContent = text;
    announcer.append(line);
    setTimeout(() => line.remove(), 8000);
  }

  function notice(text) {
    const box = document.getElementById("room-notice");
    box.textContent = text;
    box.hidden = false;
  }

  function stopMedia() {
    mesh?.closeAll();
    microphone?.stop();
    mesh?.camera?.stop();
    meter.stop();
    for (const audio of remoteMedia.querySelectorAll("audio")) audio.remove();
  }

  function finish(text) {
    final = true;
    clearTimeout(retryTimer);
    stopMedia();
    root.dataset.phase = "over";
    statusLine.textContent = text;
    for (const element of all("[data-live-only]")) element.hidden = true;
    document.getElementById("room-over").hidden = false;
    document.getElementById("room-over-text").textContent = text;
    socket?.close();
  }

  function leave() {
    final = true;
    clearTimeout(retryTimer);
    send({ type: "leave" });
    stopMedia();
    document.getElementById("leave-form").submit();
  }

  // Closing the tab or going elsewhere leaves the room: the seat is kept only a few
  // seconds, so that a reload comes back to the same place and hand.
  window.addEventListener("pagehide", () => {
    if (!final) send({ type: "leave", closing: true });
  });
  setInterval(() => send({ type: "ping" }), 25000);

  // For the browser tests and the benchmark: what the page knows about its connections.
  window.gemeinwerkRoom = {
    seat: () => mySeat,
    state: () => current,
    connectedPeers: () => (mesh ? mesh.connectedCount() : 0),
    inboundAudioPackets: () => (mesh ? mesh.inboundAudioPackets() : Promise.resolve(0)),
  };

  start();
}
