/**
 * The shape of the live audit the handlers call (`auditLive` of src/audit-live.ts), reduced to what
 * they use, generic in the client factory so that handlers can be tested with any fake.
 */
import type { Snapshot } from '../snapshot/schema';
import type { Report, ServiceName } from '../types';

/** What the handlers ask of a live audit. */
export interface LiveAuditRequest<C> {
  regions: 'all' | string[];
  services: ServiceName[];
  clients: C;
  vpcIds?: string[];
  /** Epoch ms after which no region is started and unfinished regions become errors. */
  deadline?: number;
}

/**
 * Runs a live audit (collect, then analyse) and returns the report and the snapshot it came from
 * (what remediation plans from).
 */
export type LiveAuditFunction<C> = (
  request: LiveAuditRequest<C>,
) => Promise<{ report: Report; snapshot: Snapshot }>;
