/** Routing rule 1 (docs/routing.md): which route table decides a subnet's traffic. */
import type { RouteTable, RouteTableAssociation, Subnet } from '../snapshot/schema';

const INACTIVE_ASSOCIATION_STATES = new Set(['disassociating', 'disassociated', 'failed']);

function isActive(association: RouteTableAssociation): boolean {
  const state = association.AssociationState?.State;
  return state === undefined || !INACTIVE_ASSOCIATION_STATES.has(state);
}

/** Finds the route table of each subnet: its explicit association, else its VPC's main table. */
export class RouteTableResolver {
  private readonly bySubnet = new Map<string, RouteTable>();
  private readonly mainByVpc = new Map<string, RouteTable>();

  public constructor(routeTables: readonly RouteTable[]) {
    for (const table of routeTables) {
      for (const association of table.Associations) {
        // Edge associations (GatewayId) make a gateway route table: ingress only, never a subnet's.
        if (association.GatewayId !== undefined || !isActive(association)) continue;
        if (association.Main === true) this.mainByVpc.set(table.VpcId, table);
        else if (association.SubnetId !== undefined) this.bySubnet.set(association.SubnetId, table);
      }
    }
  }

  /** The subnet's route table, or undefined when neither an association nor a main table exists. */
  public tableOf(subnet: Subnet): RouteTable | undefined {
    return this.bySubnet.get(subnet.SubnetId) ?? this.mainByVpc.get(subnet.VpcId);
  }

  /** True when the table is its VPC's main table. */
  public isMain(table: RouteTable): boolean {
    return this.mainByVpc.get(table.VpcId) === table;
  }
}
