// How the browser tests start Debian's chromium through playwright-core: never a
// downloaded browser, and no traffic off this machine (as root it needs --no-sandbox).
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const LAUNCH = {
	executablePath: CHROMIUM,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--no-first-run',
		'--disable-sync',
		'--disable-quic',
	],
};
