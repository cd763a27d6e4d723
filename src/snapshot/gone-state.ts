/**
 * The states in which EC2 still lists an endpoint or NAT gateway that is being deleted, was deleted
 * or never came up: for a while after deletion it stays listed, with the id of a VPC that may be
 * gone by then. Such an item is history, not part of the estate.
 */
const GONE_STATES = new Set(['deleting', 'deleted', 'failed', 'rejected', 'expired']);

/** True when an endpoint's or NAT gateway's `State` says it is gone (any case). */
export function isGoneState(state: string | undefined): boolean {
  return state !== undefined && GONE_STATES.has(state.toLowerCase());
}
