/**
 * What the customer's tier benefits mean on this configuration, in the customer's words
 * ("Gold: Express delivery included", the choice named as the catalog names it). Pure: the configurator shows them next to the choices
 * they make free and in the summary, from the `perks` of the engine's answer.
 */
import type { ConfigureResponse } from '../api.ts';

type Perks = NonNullable<ConfigureResponse['perks']>;

/** The note on a choice the tier gets at no charge ("Gold: Express delivery included"); none for other choices. */
export function perkNote(perks: Perks | undefined, ref: string, name: string): string | undefined {
  return perks?.included.some((i) => i.ref === ref) ? `${perks.label}: ${name} included` : undefined;
}

/**
 * The benefits that apply to the configuration as it is: each included choice that is chosen,
 * and the priority build when it shortened the lead time.
 */
export function perkLines(perks: Perks | undefined, nameOf: (ref: string) => string): string[] {
  if (!perks) return [];
  const lines = perks.included.filter((i) => i.selected).map((i) => `${perks.label}: ${nameOf(i.ref)} included`);
  if (perks.leadDaysLess > 0)
    lines.push(
      `${perks.label}: priority build, ships ${perks.leadDaysLess === 1 ? '1 working day' : `${perks.leadDaysLess} working days`} sooner`,
    );
  return lines;
}
