/** Types of package-args.js (the command line of `npm run package`). */

/** What `npm run package -- …` asks for. */
export interface PackageArguments {
  mode: 'check' | 'if-stale' | 'package';
  /** The arguments passed on to `serverless package` (`--param=name=value`, `--stage=…`, `--region=…`). */
  serverless: string[];
}

/** Reads the arguments after `npm run package --`; throws naming one it does not understand. */
export function packageArguments(argv: readonly string[]): PackageArguments;
