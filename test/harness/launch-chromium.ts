// Debian's Chromium driven by playwright-core, with the flags this closed network needs: without the
// background-networking ones Chromium keeps dialling Google's hosts and its connections are refused.
import { type Browser, chromium } from 'playwright-core';
import { peerBinary } from './peer-binary.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium (the installed peer); the caller closes it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: peerBinary('chromium'), timeout: 60_000, args: CHROMIUM_ARGS });
}
