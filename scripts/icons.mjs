// Generates every app icon from the SVG sources in assets/ (run after editing them, then
// commit the output; `npm run dist` only reads the generated files):
//   assets/icons/{16,24,32,48,64,128,256,512,1024}.png  Linux hicolor sizes (electron-builder
//                                                        takes the folder, one PNG per size)
//   assets/icon.png   512 px (BrowserWindow icon, and the fallback for electron-builder)
//   assets/icon.ico   Windows, 16-256 px, one hand-rendered image per size
//   assets/icon.icns  macOS, 16-1024 px (@1x and @2x entries)
// Sizes up to 48 px come from the simplified cuts (icon-16.svg, icon-small.svg) so they stay
// legible; 64 px and up from icon.svg. Everything is rendered by resvg (no system fonts or
// network needed: the artwork has no text) and is deterministic.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';
import pngToIco from 'png-to-ico';

const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function sourceFor(size) {
  if (size <= 16) return 'icon-16.svg';
  if (size <= 48) return 'icon-small.svg';
  return 'icon.svg';
}

const svgCache = new Map();
function render(size) {
  const file = sourceFor(size);
  if (!svgCache.has(file)) svgCache.set(file, readFileSync(join(assets, file), 'utf8'));
  const resvg = new Resvg(svgCache.get(file), {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  });
  const img = resvg.render();
  if (img.width !== size || img.height !== size)
    throw new Error(`${file} rendered ${img.width}x${img.height}`);
  return img.asPng();
}

mkdirSync(join(assets, 'icons'), { recursive: true });
const pngs = new Map();
for (const size of PNG_SIZES) {
  const png = render(size);
  pngs.set(size, png);
  writeFileSync(join(assets, 'icons', `${size}.png`), png);
}
writeFileSync(join(assets, 'icon.png'), pngs.get(512));

// ICO: one 32-bit image per size, each rendered for its size (no downscaling)
writeFileSync(join(assets, 'icon.ico'), await pngToIco(ICO_SIZES.map((s) => pngs.get(s))));

// ICNS: png2icons writes the entries macOS' iconutil writes (ic07-ic14 PNG, is32/il32 + masks)
// from the 1024 px master, resampled with bicubic filtering
const icns = png2icons.createICNS(pngs.get(1024), png2icons.BICUBIC, 0);
if (!icns) throw new Error('png2icons could not create the ICNS');
writeFileSync(join(assets, 'icon.icns'), icns);

console.log(`icons written to ${assets}`);
