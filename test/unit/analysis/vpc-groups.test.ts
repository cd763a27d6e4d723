import fc from 'fast-check';
import { VpcGroups } from '../../../src/analysis/vpc-groups';
import { compareText } from '../../../src/text-order';

describe('VpcGroups', () => {
  it('groups items by VPC, each group in the order of addition, the groups by VPC id', () => {
    // Prepare: the VPCs interleave, so a group is met again after another one
    const groups = new VpcGroups<string>();

    // Act
    groups.add('vpc-b', 'b1');
    groups.add('vpc-a', 'a1');
    groups.add('vpc-b', 'b2');
    groups.add('vpc-b', 'b3');
    groups.add('vpc-a', 'a2');

    // Assess
    expect(groups.sorted()).toEqual([
      ['vpc-a', ['a1', 'a2']],
      ['vpc-b', ['b1', 'b2', 'b3']],
    ]);
  });

  it('holds every item once, in the order of a stable sort by VPC id', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('vpc-1', 'vpc-2', 'vpc-3', 'vpc-10')), (vpcIds) => {
        // Prepare
        const groups = new VpcGroups<number>();
        const expected = vpcIds
          .map((vpcId, index) => ({ vpcId, index }))
          .sort((a, b) => compareText(a.vpcId, b.vpcId))
          .map((item) => item.index);

        // Act
        vpcIds.forEach((vpcId, index) => groups.add(vpcId, index));
        const flattened = groups.sorted().flatMap(([, items]) => items);

        // Assess
        expect(flattened).toEqual(expected);
      }),
    );
  });
});
