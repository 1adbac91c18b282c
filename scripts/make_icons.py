"""Draw the site's icons with Pillow: a white tick on the district's blue, rounded square.

    .venv/bin/python scripts/make_icons.py

writes static/icons/icon-192.png, icon-512.png (the web manifest's), apple-touch-icon.png
(180 px) and favicon.ico (16, 32 and 48 px). The files are committed; run this again only to
change the drawing.
"""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (10, 88, 202)  # static/css/site.css --bs-primary
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "static" / "icons"


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    """The icon at ``size`` px; ``maskable`` fills the square (the launcher rounds it)."""
    scale = 4  # drawn larger, then reduced: smooth edges without anti-aliasing support
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    radius = 0 if maskable else big // 5
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=BLUE)
    # A tick inside the safe zone (the middle 80 %) so that a round mask keeps it whole.
    points = [(0.28, 0.52), (0.44, 0.68), (0.74, 0.36)]
    width = max(2, int(big * 0.09))
    pen.line([(x * big, y * big) for x, y in points], fill=WHITE, width=width, joint="curve")
    for x, y in (points[0], points[-1]):
        r = width / 2
        pen.ellipse((x * big - r, y * big - r, x * big + r, y * big + r), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=True).save(OUT / "icon-192.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-512.png", optimize=True)
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    draw(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(OUT.parents[1]), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
