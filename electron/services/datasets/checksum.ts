/**
 * Published checksums ("md5:…" on Zenodo, "sha256:…" elsewhere) and the streaming digest
 * that checks a downloaded file against one without holding 200 MB in memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type ChecksumAlgorithm = 'md5' | 'sha256';

export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  /** Lower-case hex digest. */
  readonly hex: string;
}

const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { md5: 32, sha256: 64 };

function isAlgorithm(name: string): name is ChecksumAlgorithm {
  return Object.hasOwn(HEX_LENGTH, name);
}

/** "md5:0123…" as a Checksum, or undefined when the algorithm is unsupported or the hex malformed. */
export function parseChecksum(text: string): Checksum | undefined {
  const separator = text.indexOf(':');
  if (separator < 0) return undefined;
  const algorithm = text.slice(0, separator).trim().toLowerCase();
  const hex = text
    .slice(separator + 1)
    .trim()
    .toLowerCase();
  if (!isAlgorithm(algorithm)) return undefined;
  if (hex.length !== HEX_LENGTH[algorithm] || !/^[0-9a-f]+$/.test(hex)) return undefined;
  return { algorithm, hex };
}

/** The "algorithm:hex" form Zenodo publishes, for messages and marker files. */
export function formatChecksum(checksum: Checksum): string {
  return `${checksum.algorithm}:${checksum.hex}`;
}

/** The digest of the file at `filePath`, read as a stream. */
export async function fileChecksum(
  filePath: string,
  algorithm: ChecksumAlgorithm,
  signal?: AbortSignal,
): Promise<Checksum> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(filePath, { signal })) hash.update(chunk as Buffer);
  return { algorithm, hex: hash.digest('hex') };
}
