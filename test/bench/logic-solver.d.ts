/**
 * The part of logic-solver (MiniSat in JS, no bundled types) that the SAT peer uses. Terms are
 * variable names; formulas are opaque values built by the combinators.
 */
declare module 'logic-solver' {
  export type Term = string;
  export interface Formula {
    readonly __logicFormula: unique symbol;
  }
  export interface Bits {
    readonly __logicBits: unique symbol;
  }
  export type Operand = Term | Formula;
  export type Operands = (Operand | Operand[])[];

  export interface Solution {
    getTrueVars(): string[];
    evaluate(formula: Operand): boolean;
  }

  export class Solver {
    require(...args: Operands): void;
    forbid(...args: Operands): void;
    solve(): Solution | null;
    solveAssuming(assumption: Operand): Solution | null;
  }

  export interface LogicApi {
    Solver: typeof Solver;
    TRUE: Term;
    FALSE: Term;
    not(operand: Operand): Operand;
    and(...operands: Operands): Formula;
    or(...operands: Operands): Formula;
    implies(a: Operand, b: Operand): Formula;
    equiv(a: Operand, b: Operand): Formula;
    exactlyOne(...operands: Operands): Formula;
    atMostOne(...operands: Operands): Formula;
    sum(...operands: Operands): Bits;
    weightedSum(formulas: Operand[], weights: number[]): Bits;
    constantBits(value: number): Bits;
    lessThanOrEqual(a: Bits, b: Bits): Formula;
    greaterThanOrEqual(a: Bits, b: Bits): Formula;
    disablingAssertions<T>(run: () => T): T;
  }

  const Logic: LogicApi;
  export default Logic;
}
