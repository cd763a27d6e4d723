/** The plan `vpce-auditor measure` prints: one registry entry per `--format`. */
import type { MeasurePlan } from '../cost/measure-plan';
import { formatNames, renderWith, renderedText, type FormatRegistry } from '../format/registry';
import { measurePlanText } from './measure-text';

/** The options of the measure plan formats. */
export interface MeasurePlanFormatOptions {
  /** The plan is being carried out (`--apply`): the text says "Measuring", not "Would measure". */
  apply: boolean;
}

/** The formats of a measure plan. */
export const MEASURE_PLAN_FORMATS = {
  text: {
    summary: 'what will be created where, and what it costs',
    render: (plan, { apply }) => measurePlanText(plan, apply),
  },
  json: {
    summary: 'the plan as JSON',
    render: (plan) => `${JSON.stringify(plan, null, 2)}\n`,
  },
} satisfies FormatRegistry<MeasurePlan, MeasurePlanFormatOptions>;

/** The names of {@link MEASURE_PLAN_FORMATS}: the `--format` choices of `measure`. */
export const MEASURE_PLAN_FORMAT_NAMES = formatNames(MEASURE_PLAN_FORMATS);
/** One of {@link MEASURE_PLAN_FORMAT_NAMES}. */
export type MeasurePlanFormat = keyof typeof MEASURE_PLAN_FORMATS;

/** Renders a measure plan in `format`. */
export function formatMeasurePlan(
  plan: MeasurePlan,
  format: MeasurePlanFormat,
  options: MeasurePlanFormatOptions,
): string {
  return renderedText(renderWith(MEASURE_PLAN_FORMATS, format, plan, options));
}
