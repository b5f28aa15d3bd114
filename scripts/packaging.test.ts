// Packaging checks that need no Electron binary and no network (issue 9):
//  (a) electron-builder.yml is valid for electron-builder (its own JSON schema and validator);
//  (b) electron-builder itself packs the app (`--linux dir` with a stand-in Electron) and the
//      resulting app.asar holds main, preload, renderer and ssh2 but no tests, sources, source
//      maps, ssh2 native crypto or cpu-features;
//  (c) the generated icons exist with the right sizes and valid ICO/ICNS containers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const req = createRequire(import.meta.url);
// electron-builder's own copies of its libraries (ajv, js-yaml, @electron/asar, app-builder-lib)
const ebRequire = createRequire(req.resolve('electron-builder/package.json'));
const abRequire = createRequire(ebRequire.resolve('app-builder-lib/package.json'));

type Json = Record<string, unknown>;
type BuilderConfig = Json & {
  files: string[];
  linux: Json & { target: string[]; desktop: { entry: Record<string, string> } };
  mac: Json & { target: { target: string; arch: string | string[] }[] };
  win: Json & { target: { target: string; arch: string[] }[] };
  nsis: Json;
  electronFuses: Record<string, boolean>;
};

const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8')) as Json;
const yaml = abRequire('js-yaml') as { load(s: string): unknown };
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  const schema = JSON.parse(fs.readFileSync(abRequire.resolve('./scheme.json'), 'utf8')) as Json;
  const AjvCtor = (abRequire('ajv') as { default: new (o: Json) => AjvLike }).default;
  interface AjvLike {
    compile(s: Json): ((d: unknown) => boolean) & { errors?: unknown[] | null };
  }
  // the options electron-builder validates with (app-builder-lib/out/util/config/schemaValidator):
  // strict off because the schema uses a non-standard `typeof` keyword
  const validate = new AjvCtor({ allErrors: true, strict: false }).compile(schema);

  it('validates against app-builder-lib/scheme.json', () => {
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is accepted by electron-builder’s own loader and validator', async () => {
    const { getConfig, validateConfiguration } = abRequire('./out/util/config/config') as {
      getConfig(projectDir: string): Promise<Json>;
      validateConfiguration(c: Json, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    const loaded = await getConfig(root);
    expect(loaded.appId).toBe('io.xendesk.app');
    await expect(validateConfiguration(loaded, { isEnabled: false, add() {} })).resolves.toBeUndefined();
  }, 60_000);

  it('the schema check would catch a misspelt option', () => {
    expect(validate({ ...config, linux: { ...config.linux, categroy: 'System' } })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, oneClick: 'no' } })).toBe(false);
  });

  it('has the identity, targets and no step that needs the network or a rebuild', () => {
    expect(config).toMatchObject({
      appId: 'io.xendesk.app',
      productName: 'XenDesk',
      directories: { output: 'release' },
      asar: true,
      npmRebuild: false,
      nodeGypRebuild: false,
      buildDependenciesFromSource: false,
      publish: null,
    });
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: 'universal' }]);
    expect(config.mac.category).toMatch(/^public\.app-category\.(developer-tools|utilities)$/);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, allowToChangeInstallationDirectory: true });
    for (const icon of [config.mac.icon, config.win.icon, config.linux.icon]) {
      expect(fs.existsSync(path.join(root, String(icon))), String(icon)).toBe(true);
    }
  });

  it('has a desktop entry with freedesktop categories and the keywords', () => {
    const entry = config.linux.desktop.entry;
    expect(entry.Name).toBe('XenDesk');
    expect(entry.Comment).toBeTruthy();
    expect(entry.Keywords?.split(';')).toEqual(
      expect.arrayContaining(['xen', 'virtualization', 'vm', 'hypervisor']),
    );
    const cats = entry.Categories?.split(';').filter(Boolean) ?? [];
    // menu spec: exactly one main category, and Monitor is an additional one of System/Network
    const main = ['AudioVideo', 'Audio', 'Video', 'Development', 'Education', 'Game', 'Graphics'];
    main.push('Network', 'Office', 'Science', 'Settings', 'System', 'Utility');
    expect(cats.filter((c) => main.includes(c))).toEqual(['System']);
    expect(cats).toContain('Monitor');
    expect(entry.Categories).toMatch(/;$/);
    expect(config.linux.category).toBe('System');
  });

  it('package.json has the metadata deb and rpm need (fpm refuses to build without it)', () => {
    const pkg = readJson('package.json') as { homepage?: string; author?: { email?: string } | string };
    expect(pkg.homepage, 'package.json "homepage"').toBeTruthy();
    const email = typeof pkg.author === 'string' ? /<[^>]+@[^>]+>/.exec(pkg.author)?.[0] : pkg.author?.email;
    expect(email, 'package.json "author" with an email (the deb/rpm maintainer)').toBeTruthy();
  });
});

describe('packaged app (electron-builder --linux dir, stand-in Electron)', () => {
  let tmp = '';
  let files: string[] = [];
  let asarPath = '';
  let outDir = '';
  const asar = abRequire('@electron/asar') as {
    listPackage(p: string, o?: Json): string[];
    extractFile(p: string, f: string): Buffer;
  };
  // Electron's fuse wire as shipped (see @electron/fuses): RunAsNode, CookieEncryption,
  // NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, V8Snapshot, FileProtocol
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const defaultWire = '10110001';

  beforeAll(() => {
    const needed = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
    if (needed.some((f) => !fs.existsSync(path.join(root, f)))) {
      const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
      if (b.status !== 0)
        throw new Error(`dist/ is missing and \`node scripts/build.mjs\` failed:\n${b.stderr}`);
    }
    for (const f of needed) {
      if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} missing after the build`);
    }

    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-pack-'));
    // An unpacked "Electron" that is only a stub executable with the fuse sentinel, so that
    // electron-builder takes its electronDist path instead of downloading Electron.
    const fake = path.join(tmp, 'electron-dist');
    fs.mkdirSync(path.join(fake, 'resources'), { recursive: true });
    fs.writeFileSync(
      path.join(fake, 'electron'),
      `#!/bin/sh\nexit 0\n# ${SENTINEL}\x01\x08${defaultWire}\n`,
      {
        mode: 0o755,
      },
    );
    fs.writeFileSync(
      path.join(fake, 'version'),
      String(readJson('node_modules/electron/package.json').version),
    );
    for (const f of ['LICENSE', 'LICENSES.chromium.html', 'chrome-sandbox'])
      fs.writeFileSync(path.join(fake, f), '');

    outDir = path.join(tmp, 'release');
    const cli = ebRequire.resolve('./cli.js');
    const args = ['--linux', 'dir', '--x64', '--publish', 'never'];
    args.push(`-c.electronDist=${fake}`, `-c.directories.output=${outDir}`);
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
    if (r.status !== 0) {
      throw new Error(`electron-builder failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    }
    asarPath = path.join(outDir, 'linux-unpacked', 'resources', 'app.asar');
    files = asar
      .listPackage(asarPath, { isPack: false })
      .map((f) => f.replace(/\\/g, '/').replace(/^\//, ''));
  }, 300_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('contains main, preload, renderer, the window icon and ssh2', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/main.cjs',
        'dist/electron/preload.cjs',
        'dist/renderer/index.html',
        'assets/icon.png',
        'node_modules/ssh2/package.json',
        'node_modules/ssh2/lib/client.js',
      ]),
    );
    expect(files.some((f) => /^dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString()) as { main: string };
    expect(files).toContain(pkg.main);
  });

  it('contains no tests, sources, source maps, native ssh2 crypto or cpu-features', () => {
    const bad = files.filter(
      (f) =>
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(f) ||
        /\.(ts|tsx|mts|cts)$/.test(f) ||
        /\.map$/.test(f) ||
        /\.node$/.test(f) ||
        /^(e2e|bench|scripts|shared|renderer|electron|assets\/icons|release|test-results)\//.test(f) ||
        f.startsWith('dist/bench/') ||
        /(^|\/)node_modules\/ssh2\/lib\/protocol\/crypto\/(build|src)(\/|$)/.test(f) ||
        /(^|\/)node_modules\/(cpu-features|nan|buildcheck)(\/|$)/.test(f) ||
        /(^|\/)node_modules\/(electron|electron-builder|vitest|esbuild|vite|typescript)\//.test(f),
    );
    expect(bad).toEqual([]);
    // nothing had to be unpacked from the asar (no native module is shipped)
    expect(fs.existsSync(path.join(outDir, 'linux-unpacked', 'resources', 'app.asar.unpacked'))).toBe(false);
  });

  it('ships every package the bundles require, and their dependencies', () => {
    const pkgDir = (name: string) => `node_modules/${name}`;
    const missing: string[] = [];
    const bundles = files.filter((f) => /^dist\/(electron|backend)\/[^/]+\.cjs$/.test(f));
    expect(bundles.length).toBeGreaterThanOrEqual(2);
    for (const b of bundles) {
      const src = asar.extractFile(asarPath, b).toString();
      for (const [, spec] of src.matchAll(/require\("([^"./][^"]*)"\)/g)) {
        if (!spec || isBuiltin(spec) || spec === 'electron') continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!files.includes(`${pkgDir(name)}/package.json`)) missing.push(`${b} requires ${name}`);
      }
    }
    // each shipped package's required (non-optional) dependencies, resolved like Node does
    for (const f of files.filter((x) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(x))) {
      const dir = f.slice(0, -'/package.json'.length);
      if (!/node_modules\/(@[^/]+\/)?[^/]+$/.test(dir)) continue;
      const meta = JSON.parse(asar.extractFile(asarPath, f).toString()) as Json & {
        dependencies?: Record<string, string>;
        optionalDependencies?: Record<string, string>;
      };
      for (const dep of Object.keys(meta.dependencies ?? {})) {
        if (meta.optionalDependencies?.[dep]) continue;
        let found = false;
        for (let d = dir; ; d = d.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
          if (files.includes(`${d ? `${d}/` : ''}node_modules/${dep}/package.json`)) found = true;
          if (found || !d.includes('node_modules')) break;
        }
        if (!found) missing.push(`${dir} depends on ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('flips the Electron fuses of electron-builder.yml', () => {
    const bin = fs.readFileSync(path.join(outDir, 'linux-unpacked', 'xendesk'));
    const at = bin.indexOf(SENTINEL) + SENTINEL.length;
    const wire = bin.subarray(at + 2, at + 2 + bin[at + 1]!).toString('latin1');
    const order = [
      'runAsNode',
      'enableCookieEncryption',
      'enableNodeOptionsEnvironmentVariable',
      'enableNodeCliInspectArguments',
      'enableEmbeddedAsarIntegrityValidation',
      'onlyLoadAppFromAsar',
      'loadBrowserProcessSpecificV8Snapshot',
      'grantFileProtocolExtraPrivileges',
    ];
    const expected = order
      .map((k, i) => (k in config.electronFuses ? (config.electronFuses[k] ? '1' : '0') : defaultWire[i]))
      .join('');
    expect(wire).toBe(expected);
    expect(config.electronFuses.runAsNode).toBe(false);
  });
});

describe('icons', () => {
  const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const read = (p: string) => fs.readFileSync(path.join(root, p));
  function pngSize(buf: Buffer, what: string) {
    expect(buf.subarray(0, 8).equals(PNG_SIG), `${what} is a PNG`).toBe(true);
    expect(buf.toString('latin1', 12, 16), `${what} starts with IHDR`).toBe('IHDR');
    expect(buf[24], `${what} bit depth`).toBe(8);
    expect(buf[25], `${what} is RGBA`).toBe(6);
    return { w: buf.readUInt32BE(16), h: buf.readUInt32BE(20) };
  }

  it('has the SVG sources', () => {
    for (const f of ['assets/icon.svg', 'assets/icon-small.svg', 'assets/icon-16.svg']) {
      expect(read(f).toString()).toMatch(/<svg [^>]*viewBox="0 0 (1024 1024|16 16)"/);
    }
  });

  it('has every PNG size, and icon.png at 512', () => {
    for (const s of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(read(`assets/icons/${s}.png`), `${s}.png`)).toEqual({ w: s, h: s });
    }
    expect(pngSize(read('assets/icon.png'), 'icon.png')).toEqual({ w: 512, h: 512 });
  });

  it('has a valid multi-size icon.ico up to 256 px', () => {
    const ico = read('assets/icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const e = 6 + i * 16;
      const w = ico[e] || 256;
      const h = ico[e + 1] || 256;
      const len = ico.readUInt32LE(e + 8);
      const off = ico.readUInt32LE(e + 12);
      expect(off + len).toBeLessThanOrEqual(ico.length);
      const data = ico.subarray(off, off + len);
      if (data.subarray(0, 8).equals(PNG_SIG)) {
        expect(pngSize(data, `ico ${w}`)).toEqual({ w, h });
      } else {
        // BITMAPINFOHEADER: 40 bytes, width, doubled height (XOR + AND masks), 32 bpp
        expect([
          data.readUInt32LE(0),
          data.readInt32LE(4),
          data.readInt32LE(8),
          data.readUInt16LE(14),
        ]).toEqual([40, w, 2 * h, 32]);
        expect(len).toBeGreaterThanOrEqual(40 + w * h * 4);
      }
      expect(w).toBe(h);
      sizes.push(w);
    }
    expect(sizes.sort((a, b) => a - b)).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a valid icon.icns with the @1x and @2x sizes up to 1024 px', () => {
    const icns = read('assets/icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const pngTypes: Record<string, number> = {
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    const seen: string[] = [];
    for (let off = 8; off < icns.length;) {
      const type = icns.toString('latin1', off, off + 4);
      const len = icns.readUInt32BE(off + 4);
      expect(len, type).toBeGreaterThan(8);
      const data = icns.subarray(off + 8, off + len);
      const px = pngTypes[type];
      if (px !== undefined) expect(pngSize(data, type)).toEqual({ w: px, h: px });
      if (type === 's8mk') expect(data.length).toBe(16 * 16);
      if (type === 'l8mk') expect(data.length).toBe(32 * 32);
      seen.push(type);
      off += len;
    }
    expect(seen).toEqual(expect.arrayContaining(Object.keys(pngTypes)));
  });

  it('are used by electron-builder as they are (no conversion, which would need a download)', async () => {
    const { convertIcon } = abRequire('./out/util/iconConverter') as {
      convertIcon(o: Json): Promise<{ icons: { file: string; size: number }[]; isFallback: boolean }>;
    };
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xendesk-icons-'));
    try {
      const roots = [path.join(root, 'assets'), root];
      const conv = (icon: unknown, format: string) =>
        convertIcon({ sources: [String(icon)], fallbackSources: [], roots, format, outDir });
      const set = await conv(config.linux.icon, 'set');
      expect(set.isFallback).toBe(false);
      expect(set.icons.map((i) => i.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
      expect(set.icons.every((i) => i.file.startsWith(path.join(root, 'assets', 'icons')))).toBe(true);
      const ico = await conv(config.win.icon, 'ico');
      expect(ico.icons).toEqual([{ file: path.join(root, 'assets', 'icon.ico'), size: 256 }]);
      const icns = await conv(config.mac.icon, 'icns');
      expect(icns.icons.map((i) => i.file)).toEqual([path.join(root, 'assets', 'icon.icns')]);
      expect(fs.readdirSync(outDir)).toEqual([]);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});
