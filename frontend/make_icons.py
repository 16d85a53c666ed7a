"""Draws the home-screen icons of the installable web app into frontend/src/img/.

The design is the favicon's (frontend/src/img/favicon.svg): five white dots, people in a
circle, on Gemeinwerk's dark blue. Only shapes, so no font is needed. Each icon is drawn
four times larger and scaled down, which smooths the edges. The PNGs are committed; run
this again after changing the design:

    .venv/bin/python frontend/make_icons.py

- icon-<size>.png ("any"): the rounded square of the favicon, transparent corners.
- icon-maskable-<size>.png ("maskable"): the blue fills the whole square and the dots
  stay inside the middle 80 %, the safe zone a phone's mask never cuts.
- apple-touch-icon.png: like the maskable one (iOS rounds the corners itself and would
  fill transparent corners with black).
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent / "src" / "img"
BLUE = "#1b3a6b"  # the favicon's blue
WHITE = "#ffffff"
SUPERSAMPLE = 4
PALETTE = 64
# The favicon's 64-unit grid: corner radius and the five dots (centre x, centre y, radius).
GRID = 64
CORNER = 14
DOTS = [(32, 14, 6), (49, 26, 6), (43, 46, 6), (21, 46, 6), (15, 26, 6)]
# The middle of the dots' group, a little below the grid's: the maskable icons centre it,
# so that no dot comes closer to the safe zone's edge than another.
DOTS_CENTRE = (32, 31)
# The dots reach 24.6 units from that middle; scaled by 0.9 they stay within 22.2 of the
# safe zone's 25.6 (40 % of 64).
MASKABLE_SCALE = 0.9


def draw(size: int, *, full_bleed: bool, scale: float = 1.0) -> Image.Image:
    big = size * SUPERSAMPLE
    unit = big / GRID
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if full_bleed:
        pen.rectangle((0, 0, big, big), fill=BLUE)
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=CORNER * unit, fill=BLUE)
    centre_x, centre_y = DOTS_CENTRE if full_bleed else (GRID / 2, GRID / 2)
    for x, y, radius in DOTS:
        cx = (GRID / 2 + (x - centre_x) * scale) * unit
        cy = (GRID / 2 + (y - centre_y) * scale) * unit
        r = radius * scale * unit
        pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    small = image.resize((size, size), Image.Resampling.LANCZOS)
    # Two colours and their blended edges: a palette of 64 keeps the edges smooth at a
    # third of the bytes. The full-bleed ones drop transparency, which iOS does not want.
    if full_bleed:
        return small.convert("RGB").quantize(colors=PALETTE)
    return small.quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE)


def save(image: Image.Image, name: str) -> None:
    image.save(OUT / name, optimize=True)
    print(f"{OUT / name}")


def main() -> None:
    for size in (192, 512):
        save(draw(size, full_bleed=False), f"icon-{size}.png")
        save(draw(size, full_bleed=True, scale=MASKABLE_SCALE), f"icon-maskable-{size}.png")
    save(draw(180, full_bleed=True, scale=MASKABLE_SCALE), "apple-touch-icon.png")


if __name__ == "__main__":
    main()
