// The room's buttons: the person's own, the host's, and a host's beside each person.
// Each asks the server for a change; the state that comes back shows it.
import * as say from "./protocol.js";
import { format, othersToMute, seatOf } from "./view.js";

// room: the live room (room.js): state, seat, mesh, micOn, and send, setMicrophone,
// notice, playAll, leave. Clicks before the first state do nothing.
export function bindControls(root, room) {
  const { texts } = room;
  const actions = {
    mic: () => room.setMicrophone(!room.micOn),
    async camera(button) {
      const on = button.getAttribute("aria-pressed") !== "true";
      try {
        await room.mesh.setCamera(on);
      } catch {
        room.notice(texts.noCamera);
        return;
      }
      button.setAttribute("aria-pressed", String(on));
      room.send(say.status("camera", on));
    },
    hand: () => room.send(say.hand(!room.state.speakers.includes(room.seat))),
    away: () => room.send(say.status("away", !seatOf(room.state, room.seat)?.away)),
    nod: () => room.send(say.react("nod")),
    heart: () => room.send(say.react("heart")),
    leave: () => room.leave(),
    play: () => room.playAll(),
    "next-speaker": () => room.send(say.nextSpeaker()),
    "round-start": () => room.send(say.roundStart(Number(document.getElementById("round-minutes").value))),
    "round-next": () => room.send(say.roundNext(room.state.round.step, false)),
    "round-pass": () => room.send(say.roundNext(room.state.round.step, true)),
    "round-stop": () => room.send(say.roundStop()),
    "mute-all"() {
      for (const seat of othersToMute(room.state, room.seat)) room.send(say.host("mute", seat));
    },
    lock: () => room.send(say.host(room.state.locked ? "unlock" : "lock")),
    end() {
      if (window.confirm(texts.confirmEnd)) room.send(say.host("end"));
    },
  };

  root.addEventListener("click", (event) => {
    room.resumeSound(); // audio analysis may start only after a click
    const button = event.target.closest("button");
    if (!button || button.disabled) return;
    const personAction = button.dataset.personAction;
    if (personAction) {
      const seat = seatOf(room.state, button.closest("[data-seat]").dataset.seat);
      if (!seat) return;
      if (personAction === "remove" && !window.confirm(format(texts.confirmRemove, { name: seat.name }))) return;
      room.send(say.host(personAction, seat.id));
      return;
    }
    const action = actions[button.dataset.action];
    if (action && room.state) action(button);
  });
}
