/**
 * Writes examples/sample-estate.json from scripts/sample-estate.ts.
 *
 * Run: `npx tsx scripts/generate-sample-estate.ts` (a unit test fails when the committed file and
 * the generator differ).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sampleEstateText } from './sample-estate';

const target = join(__dirname, '..', 'examples', 'sample-estate.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, sampleEstateText(), 'utf8');
console.log(`wrote ${target}`);
