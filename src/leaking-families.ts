/** The address families a report's subnet leaks in (foundation: the metrics and the fold read it). */
import { FAMILIES, type Family, type ServiceName, type SubnetReport } from './types';

/**
 * The address families in which a subnet leaks, in {@link FAMILIES} order: a family leaks when some
 * service's verdict for it does (a verdict without families, from an older report, is `ipv4`).
 * Exemption is the caller's to apply.
 */
export function leakingFamiliesOf(subnet: SubnetReport): Family[] {
  const leaking = new Set<Family>();
  const { services } = subnet;
  for (const service in services) {
    const verdict = services[service as ServiceName];
    if (verdict === undefined) continue;
    const { families } = verdict;
    if (families === undefined) {
      if (verdict.leaking) leaking.add('ipv4');
      continue;
    }
    for (const family in families) {
      if (families[family as Family]?.leaking === true) leaking.add(family as Family);
    }
  }
  return FAMILIES.filter((family) => leaking.has(family));
}
