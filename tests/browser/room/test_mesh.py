"""The mesh (frontend/src/js/room/mesh.js) on its own: two Mesh objects in one page,
wired to each other by a relay in the page instead of the server, so that a test can
lose messages the way a bad network does."""

from typing import Any

from playwright.sync_api import Page

from tests.browser.room.conftest import JOIN_TIMEOUT_MS

SET_UP = """async ({ patienceMs, loseFirstAnswer }) => {
  const { Mesh } = await import("/static/gemeinwerk/js/room/mesh.js");
  Mesh.negotiationTimeoutMs = patienceMs;
  const meshes = {};
  const log = { offers: 0, answers: 0, lost: 0 };
  const relay = (from) => (to, data) => {
    const kind = data.description?.type;
    if (kind === "offer") log.offers += 1;
    if (kind === "answer") {
      log.answers += 1;
      if (loseFirstAnswer && log.lost === 0) {
        log.lost += 1;
        return;
      }
    }
    setTimeout(() => meshes[to].receive(from, data), 0);
  };
  for (const seat of ["a", "b"]) {
    meshes[seat] = new Mesh({
      seat,
      iceServers: [],
      microphone: null,
      send: relay(seat),
      onTrack: () => {},
      onChange: () => {},
    });
  }
  const seats = [
    { id: "a", connected: true, epoch: 1 },
    { id: "b", connected: true, epoch: 1 },
  ];
  meshes.a.sync(seats);
  meshes.b.sync(seats);
  window.meshTest = { meshes, log };
}"""

BOTH_CONNECTED = """() => window.meshTest.meshes.a.connectedCount() === 1
  && window.meshTest.meshes.b.connectedCount() === 1"""


def start(page: Page, base: str, **options: Any) -> None:
    page.goto(f"{base}/en/")
    page.evaluate(SET_UP, options)


def log(page: Page) -> dict[str, int]:
    result: dict[str, int] = page.evaluate("() => window.meshTest.log")
    return result


def test_a_lost_answer_is_made_good_by_offering_again(page: Page, live_server_url: str):
    start(page, live_server_url, patienceMs=3000, loseFirstAnswer=True)

    page.wait_for_function(BOTH_CONNECTED, timeout=JOIN_TIMEOUT_MS)

    # The first offer's answer was lost; "a" offered again after its wait, and that
    # second round connected.
    assert log(page) == {"offers": 2, "answers": 2, "lost": 1}
