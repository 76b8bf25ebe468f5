/**
 * The one translation of the engine's guided-selling errors into the domain errors the API
 * answers with: malformed needs or budget (InvalidOptionsError) become an InvalidInputError
 * naming each field (`needs/use`), and a completion that does not exist (the engine's
 * NoConfigurationError) the core NoConfigurationError with the cheapest total possible.
 */
import { InvalidInputError, NoConfigurationError } from '#core/errors';
import { InvalidOptionsError, NoConfigurationError as EngineNoConfigurationError } from '#engine/index';

/** Runs `work`; the engine's option findings and "nothing fits" become domain errors. */
export function withOptionFindings<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InvalidOptionsError) {
      throw new InvalidInputError(
        `${error.findings.length} option(s) do not fit this catalog`,
        error.findings.map((f) => ({ path: f.path, code: `invalid-${f.path[0] ?? 'option'}`, message: f.problem })),
      );
    }
    if (error instanceof EngineNoConfigurationError) {
      throw new NoConfigurationError(error.message, error.cheapestTotal, error.budget);
    }
    throw error;
  }
}
