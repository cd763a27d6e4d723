/**
 * How measurements from a file (`--traffic FILE`, the scheduled measurement) join the others: a
 * gateway the file measured takes the file's measurement; every other gateway keeps its own. The live
 * audit and the offline audit (`audit --snapshot FILE --traffic MFILE`) join them the same way, so
 * their dollars are the same.
 */
import type { CostInputs, NatMeasurement } from '../snapshot/cost-inputs';

/** The given measurements, then the others of gateways the given ones do not cover, by gateway id. */
export function mergeMeasurements(
  given: readonly NatMeasurement[],
  others: readonly NatMeasurement[],
): NatMeasurement[] {
  const done = new Set(given.map((m) => m.natGatewayId));
  return [...given, ...others.filter((m) => !done.has(m.natGatewayId))].sort((a, b) =>
    a.natGatewayId.localeCompare(b.natGatewayId),
  );
}

/**
 * Recorded cost inputs with the measurements of a file laid over them (pure): in each region the
 * inputs hold, the file's measurement of a gateway replaces the recorded one. Regions the inputs do
 * not hold are left out, as the live audit reads only the regions it audits.
 */
export function withGivenMeasurements(
  inputs: CostInputs,
  given: Readonly<Record<string, readonly NatMeasurement[]>>,
): CostInputs {
  const regions = Object.fromEntries(
    Object.entries(inputs.regions).map(([region, recorded]) => {
      const mine = given[region] ?? [];
      if (mine.length === 0) return [region, recorded];
      return [
        region,
        { ...recorded, measurements: mergeMeasurements(mine, recorded.measurements ?? []) },
      ];
    }),
  );
  return { ...inputs, regions };
}
