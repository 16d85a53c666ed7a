// The room's page: the circle, the list of people for screen readers, the speaking
// list, the round, the person's own buttons, and messages to the person. What to show
// comes from view.js; this module only puts it into the page.
import {
  avatarView,
  controlsView,
  personActions,
  personStatus,
  roundClock,
  roundView,
  seatView,
  speakerLines,
} from "./view.js";

const SVG = "http://www.w3.org/2000/svg";
const ANNOUNCEMENT_MS = 8000;
const REACTION_MS = 3000;

const bySeat = (seat) => `[data-seat="${CSS.escape(seat)}"]`;

export function setLabel(button, text) {
  button.querySelector(".kern-label").textContent = text;
}

function makeButton(variant) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `kern-btn ${variant}`;
  const label = document.createElement("span");
  label.className = "kern-label";
  button.append(label);
  return button;
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

// Elements are kept per seat and updated in place, so that focus, videos and running
// animations survive a new state.
function keyed(container, selector, seats, create) {
  const existing = new Map([...container.querySelectorAll(selector)].map((el) => [el.dataset.seat, el]));
  seats.forEach((seat, index) => {
    let item = existing.get(seat.id);
    existing.delete(seat.id);
    if (!item) {
      item = create(seat);
      item.dataset.seat = seat.id;
    }
    if (container.children[index] !== item) container.insertBefore(item, container.children[index] || null);
  });
  for (const item of existing.values()) item.remove();
}

export class RoomView {
  constructor(root, texts) {
    this.root = root;
    this.texts = texts;
    this.avatarSprite = root.dataset.avatars;
    this.statusLine = document.getElementById("room-status");
    this.announcer = document.getElementById("announcer");
    this.circle = document.getElementById("circle");
    this.people = document.getElementById("people");
    this.speakers = document.getElementById("speakers");
    this.announcedTimeUp = null;
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  // state, me: as in view.js; media: { streamOf(seat), camera } for the videos. The
  // round's clock is shown by tickRound(), which the room calls after this and every second.
  render(state, me, media) {
    const controls = controlsView(state, me, this.texts);
    for (const item of this.root.querySelectorAll("[data-host-only]")) item.hidden = !controls.host;
    const lock = this.$('[data-action="lock"]');
    lock.setAttribute("aria-pressed", String(controls.locked));
    setLabel(lock, controls.lockLabel);
    this.$('[data-action="hand"]').setAttribute("aria-pressed", String(controls.handRaised));
    this.$('[data-action="away"]').setAttribute("aria-pressed", String(controls.away));
    this.renderCircle(state, me, media);
    this.renderPeople(state, me, controls.host);
    this.renderSpeakers(state, me);
    this.renderRound(state, me, controls.host);
  }

  avatar(seat) {
    const avatar = avatarView(seat);
    if (avatar.initial) return element("span", `gw-avatar gw-avatar--${avatar.colour}`, avatar.initial);
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "gw-avatar");
    svg.setAttribute("focusable", "false");
    const use = document.createElementNS(SVG, "use");
    use.setAttribute("href", `${this.avatarSprite}#${avatar.picture}`);
    svg.append(use);
    return svg;
  }

  renderCircle(state, me, media) {
    keyed(this.circle, ".gw-seat", state.seats, (seat) => {
      const item = element("div", "gw-seat");
      const picture = element("div", "gw-seat__picture");
      picture.append(this.avatar(seat));
      item.append(picture, element("span", "gw-seat__name"), element("span", "gw-seat__badges"));
      return item;
    });
    state.seats.forEach((seat, index) => {
      const view = seatView(state, seat, index, me);
      const item = this.circle.querySelector(`.gw-seat${bySeat(seat.id)}`);
      item.style.setProperty("--angle", view.angle);
      item.querySelector(".gw-seat__name").textContent = view.name;
      for (const [name, on] of Object.entries(view.classes)) item.classList.toggle(name, on);
      item.querySelector(".gw-seat__badges").textContent = view.badges;
      this.showVideo(item, seat, me, media);
    });
  }

  showVideo(item, seat, me, { streamOf, camera }) {
    const picture = item.querySelector(".gw-seat__picture");
    let video = picture.querySelector("video");
    const mine = seat.id === me;
    const stream = mine ? (camera ? new MediaStream([camera]) : null) : streamOf(seat.id);
    if (!seat.camera || !stream) {
      video?.remove();
      return;
    }
    if (!video) {
      video = element("video", "gw-seat__video");
      video.muted = true; // the sound plays through the <audio> element
      video.autoplay = true;
      video.playsInline = true;
      picture.append(video);
    }
    if (!mine && video.srcObject !== stream) video.srcObject = stream;
    if (mine && video.srcObject?.getVideoTracks()[0] !== camera) video.srcObject = stream;
    video.play().catch(() => {});
  }

  markSpeaking(seat, speaking) {
    this.circle.querySelector(`.gw-seat${bySeat(seat)}`)?.classList.toggle("gw-seat--speaking", speaking);
    const item = this.people.querySelector(`li${bySeat(seat)} .gw-person__speaking`);
    if (item) item.hidden = !speaking;
  }

  renderPeople(state, me, host) {
    keyed(this.people, "li", state.seats, () => {
      const item = element("li", "gw-person");
      const line = element("p", "kern-body gw-person__line");
      const speaking = element("span", "gw-person__speaking", `, ${this.texts.speakingStatus}`);
      speaking.hidden = true;
      line.append(element("span", "kern-body--bold gw-person__name"), element("span", "gw-person__status"), speaking);
      item.append(line, element("div", "gw-actions gw-person__actions"));
      return item;
    });
    for (const seat of state.seats) {
      const item = this.people.querySelector(`li${bySeat(seat.id)}`);
      item.querySelector(".gw-person__name").textContent = seat.name;
      item.querySelector(".gw-person__status").textContent = personStatus(state, seat, me, this.texts);
      this.renderPersonActions(item.querySelector(".gw-person__actions"), personActions(seat, me, host, this.texts));
    }
  }

  renderPersonActions(container, actions) {
    container.hidden = !actions.length;
    for (const { action, label, variant, disabled } of actions) {
      let button = container.querySelector(`[data-person-action="${action}"]`);
      if (!button) {
        button = makeButton(variant);
        button.dataset.personAction = action;
        container.append(button);
      }
      setLabel(button, label);
      button.disabled = disabled;
    }
  }

  renderSpeakers(state, me) {
    const lines = speakerLines(state, me, this.texts);
    if (!lines.length) {
      this.speakers.replaceChildren(element("li", "gw-speakers__empty", this.texts.nobodyWaiting));
      return;
    }
    this.speakers.replaceChildren(...lines.map((line) => element("li", "", line)));
  }

  renderRound(state, me, host) {
    const view = roundView(state, me, host, this.texts);
    document.getElementById("round-panel").hidden = !view;
    if (!view) return;
    document.getElementById("round-speaker").textContent = view.speaker;
    this.$('[data-action="round-pass"]').hidden = !view.canPass;
    this.$('[data-action="round-next"]').hidden = !view.canSteer;
    this.$('[data-action="round-stop"]').hidden = !view.canSteer;
  }

  // `now`: the server's clock, in seconds. The end of a turn is announced once.
  tickRound(round, now) {
    const clock = roundClock(round, now, this.texts);
    document.getElementById("round-timer").textContent = clock.text;
    if (clock.over && this.announcedTimeUp !== clock.key) {
      this.announcedTimeUp = clock.key;
      this.announce(this.texts.timeUp);
    }
  }

  showReaction(from, { text, symbol }) {
    this.announce(text);
    const seat = this.circle.querySelector(`.gw-seat${bySeat(from)}`);
    if (!seat) return;
    const badge = element("span", "gw-seat__reaction", symbol);
    seat.append(badge);
    setTimeout(() => badge.remove(), REACTION_MS);
  }

  showStatus(text) {
    this.statusLine.textContent = text;
  }

  // A polite live region reads a changed text; several at once are joined.
  announce(text) {
    const line = document.createElement("p");
    line.textContent = text;
    this.announcer.append(line);
    setTimeout(() => line.remove(), ANNOUNCEMENT_MS);
  }

  notice(text) {
    const box = document.getElementById("room-notice");
    box.textContent = text;
    box.hidden = false;
  }

  showOver(text) {
    this.root.dataset.phase = "over";
    this.statusLine.textContent = text;
    for (const item of this.root.querySelectorAll("[data-live-only]")) item.hidden = true;
    document.getElementById("room-over").hidden = false;
    document.getElementById("room-over-text").textContent = text;
  }
}
