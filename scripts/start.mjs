// `npm start`: the Electron app where an Electron binary is installed; otherwise (as on
// machines where ELECTRON_SKIP_BINARY_DOWNLOAD=1 was needed) say so and run the web mode.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
function electronBinary() {
  try {
    return require('electron'); // the package exports the binary's path
  } catch {
    return null;
  }
}
const electronPath = electronBinary();
const args = process.argv.slice(2);
if (typeof electronPath === 'string' && existsSync(electronPath)) {
  const child = spawn(electronPath, ['.', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No Electron binary is installed here (npm was run with ELECTRON_SKIP_BINARY_DOWNLOAD=1).');
  console.log('Starting the web mode instead: the same app in your browser, on 127.0.0.1 only.');
  const child = spawn(process.execPath, ['dist/backend/web.cjs', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}
