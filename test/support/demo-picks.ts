/** A complete, valid configuration of the seeded demo laptop (laptop-x1) for any caller. */
export const FULL_LAPTOP_PICKS: readonly string[] = [
  'cpu.i7',
  'memory.32gb',
  'storage.ssd1tb',
  'display.fhd',
  'graphics.integrated',
  'psu.65w',
  'keyboard.de',
  'accessories.mouse',
  'packaging.standard',
  'invoice.pdf',
  'delivery.standard',
];
