/** The error of a failed publication (SNS or CloudWatch). */
import { VpceAuditorError } from '../errors';

/** Publishing the results of a run (SNS message or CloudWatch metrics) failed. */
export class PublishError extends VpceAuditorError {
  public override readonly name: string = 'PublishError';
}
