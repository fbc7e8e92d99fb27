import { LOGO_MAX_BYTES, logoProblem } from '../../src/schema/primitives.ts';

/** The image types a logo may be (the schema's data: URI rule), for `accept` and the check. */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const;

export type LogoFileProblem = { kind: 'type'; type: string } | { kind: 'size'; kb: number } | { kind: 'unreadable' };

/** What is wrong with a chosen file, judged from its type and size alone: nothing is read yet. */
export function logoFileProblem(file: File): LogoFileProblem | undefined {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) return { kind: 'type', type: file.type };
  if (file.size > LOGO_MAX_BYTES) return { kind: 'size', kb: Math.ceil(file.size / 1024) };
  return undefined;
}

/** Reads an accepted file as a data: URI, or says why it cannot be a logo. */
export async function readLogoFile(file: File): Promise<{ dataUri: string } | { problem: LogoFileProblem }> {
  const problem = logoFileProblem(file);
  if (problem) return { problem };
  try {
    const dataUri = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    // An empty file reads as "data:" with no type: the schema's rule catches anything odd.
    return logoProblem(dataUri) ? { problem: { kind: 'unreadable' } } : { dataUri };
  } catch {
    return { problem: { kind: 'unreadable' } };
  }
}

/** Size of a data: URI's image in KB (rounded up), for "Uploaded image, 4 KB". */
export function dataUriKb(uri: string): number {
  const comma = uri.indexOf(',');
  const payload = uri.slice(comma + 1);
  const bytes = uri.slice(0, comma).endsWith(';base64') ? Math.floor((payload.length * 3) / 4) : payload.length;
  return Math.max(1, Math.ceil(bytes / 1024));
}
