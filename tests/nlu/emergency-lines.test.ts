import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmergencyUtterance } from '../../src/nlu/emergency-patterns.ts';

const DIR = path.join(import.meta.dirname, '../fixtures-data/emergency-lines');
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

describe('the emergency detector on lines written blind (tests/fixtures-data/emergency-lines)', () => {
  for (const writer of readdirSync(DIR).filter((d) => d.startsWith('writer-'))) {
    for (const lang of ['en', 'ko']) {
      it(`${writer} ${lang}: every emergency alarms`, () => {
        const missed = lines(path.join(DIR, writer, `${lang}-alarm.txt`)).filter(
          (l) => !isEmergencyUtterance(l),
        );
        expect(missed).toEqual([]);
      });
      it(`${writer} ${lang}: at most 3 of the 80 everyday lines alarm`, () => {
        const calm = lines(path.join(DIR, writer, `${lang}-calm.txt`));
        expect(calm).toHaveLength(80);
        expect(calm.filter((l) => isEmergencyUtterance(l)).length).toBeLessThanOrEqual(3);
      });
    }
  }
});
