/** `runs/<runId>/selection.json`: the selection of an organization run, as ListAccounts wrote it. */
import * as z from 'zod';

/** The file's schema (read back by the Aggregate step). */
export const RunSelectionSchema = z.object({
  runId: z.string(),
  startedAt: z.string(),
  /** The account the functions run in (the management or delegated administrator account). */
  accountId: z.string(),
  organizationId: z.string().optional(),
  accounts: z.array(
    z.object({
      accountId: z.string(),
      name: z.string().optional(),
      action: z.enum(['audit', 'exempt', 'skipped']),
      reason: z.string().optional(),
    }),
  ),
});

/** The selection of a run. */
export type RunSelection = z.infer<typeof RunSelectionSchema>;
