// Stops `npm test` early, with instructions, when no Chromium is installed.
import { findChromium, MISSING_CHROMIUM_HELP } from './chromium.mjs';

if (!findChromium()) {
  console.error(`\n${MISSING_CHROMIUM_HELP}\n`);
  process.exit(1);
}
