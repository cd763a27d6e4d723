/**
 * The named profile check: `AWS_PROFILE=nope` with no such profile in the shared config or
 * credentials file. The SDK's provider chain then only says "Could not load credentials from any
 * providers", which does not name the profile; this check names it before any AWS call.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../errors';

/**
 * The profile names of an INI file's section headers: `[name]` and `[profile name]` (the config
 * file's form). Hand-written because only the headers matter here, and the SDK's own loader is not a
 * dependency of this package (it comes and goes with the SDK's internals).
 */
function profileNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]/.exec(line);
    if (header?.[1] !== undefined) names.add(header[1]);
  }
  return names;
}

async function readIfPresent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // An absent or unreadable file holds no profile, as for the SDK.
    return '';
  }
}

/**
 * Checks the profile named by `AWS_PROFILE` (when set, and not `default`) is in the shared config
 * file (`AWS_CONFIG_FILE`, default `~/.aws/config`) or credentials file
 * (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`).
 *
 * @throws ConfigurationError naming the profile and the files read
 */
export async function checkNamedProfile(env: NodeJS.ProcessEnv): Promise<void> {
  const profile = env.AWS_PROFILE?.trim();
  if (profile === undefined || profile === '' || profile === 'default') return;
  const home = env.HOME ?? homedir();
  const expand = (path: string) => (path.startsWith('~/') ? join(home, path.slice(2)) : path);
  const configFile = env.AWS_CONFIG_FILE?.trim() || '~/.aws/config';
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE?.trim() || '~/.aws/credentials';
  const texts = await Promise.all(
    [configFile, credentialsFile].map((f) => readIfPresent(expand(f))),
  );
  if (texts.some((text) => profileNames(text).has(profile))) return;
  throw new ConfigurationError(
    `AWS profile "${profile}" was not found in ${configFile} or ${credentialsFile} (AWS_PROFILE)`,
  );
}
