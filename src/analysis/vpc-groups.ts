/** Items grouped by the VPC they belong to, for the analysis's ordered output. */
import { sortTexts } from '../text-order';

/**
 * Items grouped by VPC id, each group in the order its items were added. A region lists the items
 * of a VPC next to each other, so an item goes to the previous item's group without a lookup when
 * it has the same VPC; any order gives the same groups.
 */
export class VpcGroups<T> {
  private readonly groups = new Map<string, T[]>();
  private lastVpcId: string | undefined;
  private lastGroup: T[] = [];

  /** Adds an item to its VPC's group. */
  public add(vpcId: string, item: T): void {
    if (vpcId !== this.lastVpcId) {
      let group = this.groups.get(vpcId);
      if (group === undefined) {
        group = [];
        this.groups.set(vpcId, group);
      }
      this.lastVpcId = vpcId;
      this.lastGroup = group;
    }
    this.lastGroup.push(item);
  }

  /** The groups as `[vpcId, items]`, by VPC id (compareText order). */
  public sorted(): [string, T[]][] {
    const ids = sortTexts([...this.groups.keys()]);
    return ids.map((id) => [id, this.groups.get(id) as T[]]);
  }
}
