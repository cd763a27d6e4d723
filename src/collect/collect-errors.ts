/** The errors of the live collection. */
import { awsErrorMessage } from '../aws-errors';
import { UserInputError, VpceAuditorError } from '../errors';

/** One AWS call of a region's collection failed; `cause` is the SDK's error. */
export class CollectCallError extends VpceAuditorError {
  public override readonly name: string = 'CollectCallError';
  public constructor(
    public readonly operation: string,
    options: { cause: unknown },
  ) {
    super(`${operation} failed: ${awsErrorMessage(options.cause)}`, options);
  }
}

/** An EC2 answer that lacks, or has a malformed, field the analysis reads (docs/snapshot.md). */
export class InvalidResponseError extends VpceAuditorError {
  public override readonly name: string = 'InvalidResponseError';
  /** The code a region error reports for it. */
  public readonly code = 'InvalidResponse';
}

/** The account cannot be reached at all (no credentials, STS or `DescribeRegions` failing): fatal. */
export class AccountAccessError extends VpceAuditorError {
  public override readonly name: string = 'AccountAccessError';
}

/** A requested region does not exist or is not enabled in the account. */
export class UnknownRegionError extends UserInputError {
  public override readonly name: string = 'UnknownRegionError';
  public constructor(
    public readonly regions: readonly string[],
    public readonly enabled: readonly string[],
  ) {
    super(
      `${regions.map((r) => `"${r}"`).join(', ')} ${regions.length === 1 ? 'is' : 'are'} not an enabled region of this account (enabled: ${enabled.join(', ') || 'none'})`,
    );
  }
}
