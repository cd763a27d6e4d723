/**
 * The SDK settings that every client otherwise reads from the environment and the shared config file
 * on its own, read once for many clients. A client looks each of them up through the standard chain
 * (an `AWS_*` variable, then the profile in `~/.aws/config`, then the default), and every link that
 * finds nothing throws a `ProviderError`, with a stack trace and a message made from the selector's
 * source text. An organization's audit builds an EC2 and a CloudWatch client per account and region:
 * 50 accounts in 4 regions made about 400 clients and 4,000 such errors (1,000 accounts in 17 regions
 * would make 340,000).
 *
 * The values come from the SDK's own loaders and option objects, read the way a client reads them
 * (the profile of `AWS_PROFILE`), so each client gets what it would have read itself: only the
 * number of reads changes. The configured endpoint (`AWS_ENDPOINT_URL…`) is left to each client,
 * which needs to know that it was not given one.
 */
import { NODE_APP_ID_CONFIG_OPTIONS } from '@aws-sdk/core/client';
import { NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } from '@aws-sdk/core/httpAuthSchemes';
import {
  loadConfig,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
} from '@smithy/core/config';

/** The settings, each a provider the SDK clients accept in their configuration. */
export interface ChainSettings {
  /** `AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint`. */
  useFipsEndpoint: () => Promise<boolean>;
  /** `AWS_USE_DUALSTACK_ENDPOINT` / `use_dualstack_endpoint`. */
  useDualstackEndpoint: () => Promise<boolean>;
  /** `AWS_SDK_UA_APP_ID` / `sdk_ua_app_id`. */
  userAgentAppId: () => Promise<string | undefined>;
  /** `AWS_AUTH_SCHEME_PREFERENCE` / `auth_scheme_preference`. */
  authSchemePreference: () => Promise<string[]>;
}

/**
 * The settings of the standard chain, each read on first use and then kept: share the result
 * between the clients of one run (a later change of the environment is seen by the next result).
 */
export function chainSettings(): ChainSettings {
  return {
    useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS),
    useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS),
    userAgentAppId: loadConfig(NODE_APP_ID_CONFIG_OPTIONS),
    authSchemePreference: loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS),
  };
}
