import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A model folder found under models/: its name and what its metadata.json says. */
export interface ModelListing {
  name: string;
  dir: string;
  /** Parsed metadata.json, or why it could not be read. */
  metadata: Record<string, unknown> | { error: string };
}

/** Lists model folders (those holding a model.json or metadata.json) under `modelsDir`. */
export async function listModels(modelsDir: string): Promise<ModelListing[]> {
  if (!existsSync(modelsDir)) return [];
  const entries = await readdir(modelsDir, { withFileTypes: true });
  const listings: ModelListing[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(modelsDir, entry.name);
    const metaFile = path.join(dir, 'metadata.json');
    if (!existsSync(metaFile) && !existsSync(path.join(dir, 'model.json'))) continue;
    let metadata: ModelListing['metadata'];
    try {
      metadata = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      metadata = { error: `metadata.json unreadable: ${(error as Error).message}` };
    }
    listings.push({ name: entry.name, dir, metadata });
  }
  return listings;
}
