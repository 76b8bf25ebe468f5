/**
 * `SET` expressions for top-level attributes, with placeholder names and values so any
 * attribute name (even a reserved word such as `name` or `status`) is safe. Pure.
 */
export interface SetExpression {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** `SET #f0 = :v0, …` for every field whose value is not `undefined`. */
export function setFields(fields: Record<string, unknown>): SetExpression {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([field, value], index) => {
      names[`#f${index}`] = field;
      values[`:v${index}`] = value;
      return `#f${index} = :v${index}`;
    });
  if (!sets.length) throw new Error('setFields needs at least one field');
  return { UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
