import { VpceAuditorError } from '../errors';

/** A region whose snapshot is valid but cannot be analysed (for example a missing prefix list). */
export class AnalysisError extends VpceAuditorError {
  public override readonly name: string = 'AnalysisError';
  public constructor(
    public readonly region: string,
    public readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
