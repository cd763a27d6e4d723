/** Types of serverless-package.js (`serverless package` as CI runs it). */

/** Where and how to run `serverless package`. */
export interface ServerlessPackageOptions {
  /** The repository whose node_modules holds Serverless (and its schema cache). */
  root: string;
  /** The service folder to package (`root` unless given). */
  cwd?: string;
  /** Arguments after `serverless package` (`--param=name=value`, `--stage=…`, `--region=…`). */
  args?: readonly string[];
  /** `pipe` (the default) returns stdout and puts the output on a failure's error; `inherit` prints it. */
  stdio?: 'pipe' | 'inherit';
}

/**
 * Runs `serverless package` with no credentials, no AWS configuration and an empty HOME; returns
 * its stdout (empty when inherited), throws execFileSync's error when it fails.
 */
export function serverlessPackage(options: ServerlessPackageOptions): string;
