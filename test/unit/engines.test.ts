/**
 * No EBADENGINE: every Node.js version package.json's `engines` admits is one every installed
 * package (package-lock.json, production and development) says it supports, so `npm ci` on any of
 * them installs without an engine warning, and the server does not run on a version a dependency
 * was never meant for.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
// semver (npm's own) is installed with the test tools; its types are not.
const { subset, satisfies } = createRequire(__filename)('semver') as {
  subset: (range: string, within: string) => boolean;
  satisfies: (version: string, range: string) => boolean;
};

const ours = (read('package.json') as { engines: { node: string } }).engines.node;
const locked = read('package-lock.json') as { packages: Record<string, { engines?: { node?: string } | string[] }> };

test('every locked package supports every Node.js version our engines admit', () => {
  expect(locked.packages['']?.engines).toEqual({ node: ours });
  const refusing = Object.entries(locked.packages)
    .filter(([path]) => path !== '')
    .flatMap(([path, entry]) => {
      const theirs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return theirs && !subset(ours, theirs) ? [`${path.replace(/^.*node_modules\//, '')} needs ${theirs}`] : [];
    });
  expect(refusing).toEqual([]);
});

test('Node.js 20 is supported, and the version running the tests is one we admit', () => {
  expect(satisfies('20.19.0', ours)).toBe(true);
  expect(satisfies(process.versions.node, ours)).toBe(true);
});
