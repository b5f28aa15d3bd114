// Filled in by the bundler (esbuild define); falls back for tests run from source.
declare const __XENDESK_VERSION__: string | undefined;
export const VERSION: string = typeof __XENDESK_VERSION__ === 'string' ? __XENDESK_VERSION__ : '0.0.0-dev';
