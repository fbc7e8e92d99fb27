export function findChromium(): string | undefined;
export const CHROMIUM_ARGS: string[];
export const MISSING_CHROMIUM_HELP: string;
