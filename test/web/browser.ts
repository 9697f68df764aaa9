import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); the tests never download a browser. */
export const CHROMIUM_PATH = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumInstalled = existsSync(CHROMIUM_PATH);

if (!chromiumInstalled) {
  console.warn(
    `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium): skipping the browser tests.`,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
