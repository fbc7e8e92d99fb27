// Finds a Chromium for the browser and end-to-end tests. Shared by web-test-runner's config
// (plain JS) and the e2e tests, hence .mjs.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/lib/chromium/chromium', // Debian's binary, without the wrapper script's noise
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The Chromium to use: $CHROME_PATH when set, else the first one installed; undefined if none. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Flags for runs on a closed network (and as root in CI containers); launchers add headless. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

export const MISSING_CHROMIUM_HELP = `Chromium was not found, and the browser and end-to-end tests need it.
  Debian/Ubuntu:  sudo apt-get install chromium
  Elsewhere:      install Chrome or Chromium, then set CHROME_PATH=/path/to/chrome
(Nothing is downloaded automatically: the tests use the system browser.)`;
