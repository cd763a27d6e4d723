/**
 * The endpoint overrides the AWS SDK reads from the environment: `AWS_ENDPOINT_URL` for every
 * service and `AWS_ENDPOINT_URL_<SERVICE>` (for example `AWS_ENDPOINT_URL_EC2`) for one. The SDK
 * would only fail on a bad value at the first call, deep in a region, with a message that names
 * neither the variable nor the value; checking them first turns that into a configuration error.
 */
import { invalidOption } from './parsers';

const ENDPOINT_VARIABLE = /^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/;

/**
 * Checks every `AWS_ENDPOINT_URL*` variable of `env` is an absolute http(s) URL (blank = unset).
 *
 * @throws ConfigurationError naming the first bad variable and its value
 */
export function checkEndpointUrlVariables(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (!ENDPOINT_VARIABLE.test(name) || value === undefined || value.trim() === '') continue;
    if (!isAbsoluteHttpUrl(value.trim())) {
      throw invalidOption(name, `"${value}" is not an absolute http:// or https:// URL`);
    }
  }
}

function isAbsoluteHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}
