import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The sha256 of a corpus file, for metadata.json (which data made a model). */
export async function corpusHash(
  file: string,
  dialogues: number,
): Promise<{ file: string; sha256: string; dialogues: number }> {
  const sha256 = createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
  return { file: path.relative(process.cwd(), file) || file, sha256, dialogues };
}
