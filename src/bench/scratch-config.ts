import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `<dir>/carebot.config.json` for a carebot child process: the given settings with memory
 * and recordings inside `dir` (a bench never touches the user's), plus `extra`. Returns its path.
 */
export async function writeScratchConfig(
  dir: string,
  config: Readonly<Record<string, unknown>> = {},
  extra: Readonly<Record<string, unknown>> = {},
): Promise<string> {
  const file = path.join(dir, 'carebot.config.json');
  await writeFile(
    file,
    JSON.stringify({
      ...config,
      memoryDir: path.join(dir, 'memory'),
      recordingsDir: path.join(dir, 'recordings'),
      ...extra,
    }),
  );
  return file;
}
