"""Draw the sample show's cover art, media/cover.png: 1400 x 1400 px, the size Apple Podcasts asks
for at least. Shapes only (no fonts, which differ between machines), so the same Pillow draws the
same bytes: `python3 media/make_cover.py`."""
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 1400


def draw() -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE), (22, 24, 28))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((140, 140, SIZE - 140, SIZE - 140), radius=160, fill=(251, 250, 247))
    # The site's mark: five bars of a sound wave.
    for n, height in enumerate((240, 520, 760, 440, 200)):
        x = 310 + n * 180
        pen.rounded_rectangle((x, (SIZE - height) // 2, x + 100, (SIZE + height) // 2), radius=50, fill=(176, 58, 46))
    return image


if __name__ == "__main__":
    draw().save(Path(__file__).with_name("cover.png"), "PNG", optimize=True)
