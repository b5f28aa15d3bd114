// An 80x80 penguin boot logo for the simulated Linux framebuffer console, drawn from ellipses
// (the size of the kernel's logo_linux_clut224; transparent pixels show the console background).

import type { Logo } from './console';

type RGB = readonly [number, number, number];

export function tuxLogo(): Logo {
  const width = 80;
  const height = 80;
  const rgba = Buffer.alloc(width * height * 4);
  const ellipse = (
    cx: number,
    cy: number,
    rx: number,
    ry: number,
    c: RGB,
    minY = -1,
    maxY = height,
  ): void => {
    for (
      let y = Math.max(0, Math.floor(cy - ry), minY);
      y <= Math.min(height - 1, Math.ceil(cy + ry), maxY);
      y++
    ) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x <= Math.min(width - 1, Math.ceil(cx + rx)); x++) {
        const dx = (x + 0.5 - cx) / rx;
        const dy = (y + 0.5 - cy) / ry;
        if (dx * dx + dy * dy > 1) continue;
        const o = (y * width + x) * 4;
        rgba[o] = c[0];
        rgba[o + 1] = c[1];
        rgba[o + 2] = c[2];
        rgba[o + 3] = 255;
      }
    }
  };
  const outline: RGB = [0x6c, 0x6c, 0x6c];
  const black: RGB = [0x10, 0x10, 0x10];
  const shade: RGB = [0x38, 0x38, 0x38];
  const white: RGB = [0xf4, 0xf4, 0xf4];
  const belly: RGB = [0xdc, 0xdc, 0xd4];
  const yellow: RGB = [0xf8, 0xc8, 0x18];
  const orange: RGB = [0xe0, 0x90, 0x08];

  // silhouette with a grey rim so it stands out from the black console
  ellipse(40, 21, 19.5, 20.5, outline);
  ellipse(40, 50, 29.5, 27.5, outline);
  ellipse(40, 21, 18, 19, black);
  ellipse(40, 50, 28, 26, black);
  // flippers, a little lighter
  ellipse(15, 52, 6, 16, shade);
  ellipse(65, 52, 6, 16, shade);
  // belly
  ellipse(40, 55, 19, 21, belly);
  ellipse(40, 53, 16, 18, white);
  // eyes
  ellipse(33, 17, 5.5, 7.5, white);
  ellipse(47, 17, 5.5, 7.5, white);
  ellipse(34.5, 19, 2.5, 3.5, black);
  ellipse(45.5, 19, 2.5, 3.5, black);
  // beak
  ellipse(40, 29, 10, 5, yellow);
  ellipse(40, 31.5, 8, 3, orange, 31);
  // feet
  ellipse(25, 74, 14, 5.5, orange);
  ellipse(55, 74, 14, 5.5, orange);
  ellipse(25, 73, 12, 4, yellow);
  ellipse(55, 73, 12, 4, yellow);
  return { width, height, rgba };
}
